"""Checks that a PNG screenshot of /map shows drawn layers, not a blank page: enough pixels
away from the background and the page colours, and enough distinct colours. Standard
library only (zlib PNG decoding, 8-bit RGB/RGBA, non-interlaced)."""
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, chunks = 8, {}
idat = b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
assert depth == 8 and colour in (2, 6) and interlace == 0, f"unsupported PNG ({depth}-bit, colour type {colour})"
bpp = 3 if colour == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
rows, prev, i = [], bytearray(stride), 0
for _ in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
background = {(0xF4, 0xF1, 0xEA), (0xFF, 0xFF, 0xFF)}
drawn, colours = 0, set()
for y in range(44, height, 2):  # below the toolbar
    line = rows[y]
    for x in range(0, width, 2):
        px = tuple(line[x * bpp:x * bpp + 3])
        colours.add(px)
        if px not in background:
            drawn += 1
total = ((height - 44 + 1) // 2) * ((width + 1) // 2)
share = drawn / total
print(f"check-screenshot: {width}x{height}, {share:.1%} of the map area drawn, {len(colours)} colours")
if share < 0.03 or len(colours) < 8:
    sys.exit(1)
