print("MapServer")
