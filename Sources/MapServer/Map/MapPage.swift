import Foundation

/// The web map's page (`GET /map`): Leaflet from Debian's libjs-leaflet, served by MapServer
/// under `/map/leaflet/`; no CDN, nothing fetched from outside.
enum MapPage {
    static func html(basemapURL: String?) -> String {
        let basemap = basemapURL.map { "\"" + $0.replacingOccurrences(of: "\\", with: "").replacingOccurrences(of: "\"", with: "") + "\"" } ?? "null"
        return #"""
        <!DOCTYPE html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>GeoIncidents — Bản đồ / Map</title>
        \#(PageErrors.script)
        <link rel="stylesheet" href="/map/leaflet/leaflet.css">
        <style>
          html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; }
          #map { position: absolute; top: 44px; bottom: 0; left: 0; right: 0; background: #f4f1ea; }
          #bar { height: 44px; display: flex; gap: 8px; align-items: center; padding: 0 8px; background: #1d3557; color: #fff; font-size: 13px; }
          #bar input, #bar select, #bar button { font-size: 13px; }
          #status { margin-left: auto; opacity: 0.85; }
          .legend { background: #fff; padding: 6px 8px; border-radius: 4px; font-size: 12px; line-height: 18px; }
          .legend i { display: inline-block; width: 14px; height: 14px; margin-right: 4px; vertical-align: middle; }
          /* Count bubbles are see-through so that the hotspot cells under them stay readable. */
          .count { background: rgba(230, 57, 70, 0.72); color: #fff; border-radius: 50%; text-align: center; font-weight: bold; line-height: 28px; }
          .unit-count { background: #457b9d; border-radius: 4px; line-height: 22px; border: 2px dashed #fff; }
          /* Incidents: the number is how many residents reported the event independently. */
          .incident { background: rgba(255, 183, 3, 0.9); color: #1d3557; border: 2px solid #9d0208; border-radius: 50%; text-align: center; font-weight: bold;
                      display: flex; align-items: center; justify-content: center; font-size: 11px; }
          .incident-corroborated { background: #9d0208; color: #fff; border-color: #ffb703; }
          .incident-coarse { border-style: dashed; border-radius: 4px; }
          .commune-label { background: transparent; border: none; box-shadow: none; color: #1d3557; font-weight: 600; font-size: 11px; text-shadow: 0 0 3px #fff; }
        </style>
        </head>
        <body>
        <div id="bar">
          <strong>GeoIncidents</strong>
          <label><span data-t="since"></span> <input type="date" id="since"></label>
          <label><span data-t="until"></span> <input type="date" id="until"></label>
          <select id="category"></select>
          <form id="login" onsubmit="return false" style="display:inline"><input type="password" id="token" placeholder="token" size="14" autocomplete="off">
          <button id="apply" data-t="apply"></button></form>
          <span id="status"></span>
        </div>
        <div id="map"></div>
        <script src="/map/leaflet/leaflet.js"></script>
        <script>window.GEOINCIDENTS_BASEMAP = \#(basemap);</script>
        <script src="/map/map.js"></script>
        </body>
        </html>
        """#
    }
}
