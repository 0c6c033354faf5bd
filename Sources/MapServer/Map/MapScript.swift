import GeoIncidents

/// The web map's script (`GET /map/map.js`): layers from the JSON endpoints with the
/// caller's token (entered once, kept for the browser session, sent as a bearer header).
enum MapScript {
    /// The Gi* legend colours as a JavaScript object (bin → colour), from the one definition
    /// the tile styles use (`TileLayer.hotspotBinColours`).
    static let binColours = "{ " + TileLayer.hotspotBinColours.map { "\"\($0.bin)\": \"\($0.colour)\"" }.joined(separator: ", ") + " }"

    static let javascript = #"""
    "use strict";
    (function () {
      const lang = (navigator.language || "vi").toLowerCase().startsWith("vi") ? "vi" : "en";
      const T = {
        since: ["Từ", "From"], until: ["Đến", "To"], apply: ["Áp dụng", "Apply"], all: ["Mọi loại", "All categories"],
        communes: ["Xã, phường", "Communes"], hotspots: ["Điểm nóng (Gi*)", "Hotspots (Gi*)"], tips: ["Tin báo", "Tips"],
        incidents: ["Vụ việc (số người báo độc lập)", "Incidents (independent reports)"], reports: ["người báo độc lập", "independent reports"],
        clusters: ["Cụm giáp ranh", "Border clusters"], patrol: ["Nhu cầu tuần tra", "Patrol needs"],
        cameras: ["Camera", "Camera views"], gaps: ["Vùng camera chưa phủ", "Coverage gaps"],
        hot: ["Nóng", "Hot"], cold: ["Lạnh", "Cold"], none: ["Không đáng kể", "Not significant"],
        loading: ["Đang tải…", "Loading…"], ready: ["Sẵn sàng", "Ready"], needToken: ["cần mã truy cập", "needs a token"], needRole: ["vai trò của mã này không được xem", "this token's role may not see it"],
        tipsCount: ["tin báo", "tips"], unitTips: ["tin báo chỉ rõ đến đơn vị", "tips located only to unit"], size: ["Số tin", "Tips"], score: ["Điểm", "Score"],
      };
      const t = (k) => (T[k] ? T[k][lang === "vi" ? 0 : 1] : k);
      document.querySelectorAll("[data-t]").forEach((e) => { e.textContent = t(e.dataset.t); });
      const categories = { "": t("all"), political_security: "An ninh chính trị / Political security", criminal: "Hình sự / Criminal",
        social_evil: "Tệ nạn xã hội / Social evils", traffic: "Giao thông / Traffic", fire: "Cháy nổ / Fire",
        admin_procedure: "Thủ tục hành chính / Administrative", other: "Khác / Other" };
      const select = document.getElementById("category");
      for (const [k, v] of Object.entries(categories)) { const o = document.createElement("option"); o.value = k; o.textContent = v; select.appendChild(o); }
      const hashToken = new URLSearchParams(location.hash.slice(1)).get("token");
      if (hashToken) { sessionStorage.setItem("geoincidents-token", hashToken); history.replaceState(null, "", location.pathname); }
      document.getElementById("token").value = sessionStorage.getItem("geoincidents-token") || "";
      const status = document.getElementById("status");

      const map = L.map("map", { preferCanvas: true }).setView([16, 106], 6);
      if (window.GEOINCIDENTS_BASEMAP) { L.tileLayer(window.GEOINCIDENTS_BASEMAP, { maxZoom: 19 }).addTo(map); }
      const groups = {};
      const layerNames = ["communes", "hotspots", "tips", "incidents", "clusters", "patrol", "cameras", "gaps"];
      for (const k of layerNames) { groups[k] = L.layerGroup(); }
      for (const k of layerNames) { groups[k].addTo(map); }
      L.control.layers(null, Object.fromEntries(Object.entries(groups).map(([k, g]) => [t(k), g])), { collapsed: false }).addTo(map);
      const binColour = \#(MapScript.binColours);
      const legend = L.control({ position: "bottomright" });
      legend.onAdd = () => {
        const d = L.DomUtil.create("div", "legend");
        d.innerHTML = "<b>Gi*</b><br>" + ["3", "2", "1", "0", "-1", "-2", "-3"].map((b) =>
          `<i style="background:${binColour[b]}"></i>${b > 0 ? t("hot") + " " + b : b < 0 ? t("cold") + " " + -b : t("none")}`).join("<br>")
          + "<br>" + [["#e63946", "tips"], ["#ffb703", "incidents"], ["#6a0dad", "clusters"], ["#d00000", "patrol"], ["#2a9d8f", "cameras"], ["#f4a261", "gaps"], ["#1d3557", "communes"]]
            .map(([c, k]) => `<i style="background:${c}"></i>${t(k)}`).join("<br>");
        return d;
      };
      legend.addTo(map);
      // Distances on an offline map with no basemap need a scale.
      L.control.scale({ metric: true, imperial: false, position: "bottomleft" }).addTo(map);

      const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
      const facts = (p, keys) => "<table>" + keys.filter((k) => p[k] !== undefined && p[k] !== null)
        .map((k) => `<tr><th style="text-align:left">${esc(k)}</th><td>${esc(typeof p[k] === "object" ? JSON.stringify(p[k]) : p[k])}</td></tr>`).join("") + "</table>";
      function query(extra) {
        const q = new URLSearchParams(extra || {});
        const since = document.getElementById("since").value, until = document.getElementById("until").value, category = select.value;
        if (since) q.set("since", since);
        if (until) {  // the chosen day is included: the server's "until" is exclusive
          const next = new Date(until + "T00:00:00Z"); next.setUTCDate(next.getUTCDate() + 1);
          q.set("until", next.toISOString().slice(0, 10));
        }
        if (category) q.set("category", category);
        return q;
      }
      async function get(path) {
        const token = sessionStorage.getItem("geoincidents-token");
        const response = await fetch(path, { headers: token ? { Authorization: "Bearer " + token } : {} });
        if (response.status === 401) return { denied: "needToken" };
        if (response.status === 403) return { denied: "needRole" };
        if (!response.ok) return { failed: response.status };
        return { body: await response.json() };
      }
      const notes = [];
      let generation = 0;  // a newer refresh wins: older answers are dropped
      async function load(name, path, draw, mine) {
        const result = await get(path);
        if (mine !== generation) return;
        groups[name].clearLayers();
        if (result.denied) { notes.push(t(name) + ": " + t(result.denied)); return; }
        if (result.failed) { notes.push(t(name) + ": HTTP " + result.failed); return; }
        draw(result.body, groups[name]);
      }
      function drawTips(collection, group) {
        const all = collection.features || [];
        if (collection.numberMatched > all.length) notes.push(t("tips") + ": " + all.length + " / " + collection.numberMatched);
        // A tip located from its text to a neighbourhood or a commune has a stand-in point,
        // not a position: it is counted on its unit (one label per unit), never drawn as a pin.
        const coarse = (f) => f.properties.located_by === "commune" || f.properties.located_by === "neighbourhood";
        const units = new Map();
        for (const f of all.filter(coarse)) {
          const key = f.properties.located_by === "neighbourhood" ? f.properties.neighbourhood_code : f.properties.commune_code;
          const u = units.get(key) || { n: 0, at: f.geometry.coordinates, level: f.properties.located_by };
          u.n += 1; units.set(key, u);
        }
        for (const [code, u] of units) {
          L.marker([u.at[1], u.at[0]], { icon: L.divIcon({ className: "count unit-count", html: String(u.n), iconSize: [34, 22] }) })
            .bindPopup(u.n + " " + t("unitTips") + " " + code).addTo(group);
        }
        const features = all.filter((f) => !coarse(f));
        if (map.getZoom() >= 15) {
          for (const f of features) {
            const [x, y] = f.geometry.coordinates;
            L.circleMarker([y, x], { radius: 4, color: "#e63946", weight: 1, fillOpacity: 0.8 })
              .bindPopup(facts(f.properties, ["category", "channel", "reported_at", "status", "commune_code", "neighbourhood_code"])).addTo(group);
          }
          return;
        }
        const cells = new Map();  // clustered on a 60-pixel grid when zoomed out
        for (const f of features) {
          const [x, y] = f.geometry.coordinates;
          const p = map.project([y, x]);
          const key = Math.floor(p.x / 60) + ":" + Math.floor(p.y / 60);
          const c = cells.get(key) || { n: 0, x: 0, y: 0 };
          c.n += 1; c.x += x; c.y += y; cells.set(key, c);
        }
        for (const c of cells.values()) {
          L.marker([c.y / c.n, c.x / c.n], { icon: L.divIcon({ className: "count", html: String(c.n), iconSize: [28, 28] }) })
            .bindPopup(c.n + " " + t("tipsCount")).addTo(group);
        }
      }
      // Incidents: one marker per event at its best-located report, showing how many residents
      // reported it independently (copies and repeats do not count: docs/incidents.md). Zoomed
      // out, only the corroborated ones (two or more independent reports); from zoom 15, all.
      function incidentQuery(bbox) {
        const q = new URLSearchParams({ limit: 2000, bbox });
        const since = document.getElementById("since").value, until = document.getElementById("until").value, category = select.value;
        if (since || until) q.set("datetime", (since ? since + "T00:00:00Z" : "..") + "/" + (until ? until + "T23:59:59Z" : ".."));
        if (category) q.set("category", category);
        if (map.getZoom() < 15) q.set("min_reports", 2);
        return q;
      }
      function drawIncidents(collection, group) {
        const all = collection.features || [];
        if (collection.numberMatched > all.length) notes.push(t("incidents") + ": " + all.length + " / " + collection.numberMatched);
        for (const f of all) {
          const p = f.properties, n = p.independent_reports;
          const coarse = p.located_by === "commune" || p.located_by === "neighbourhood";
          const size = 18 + 4 * Math.min(n - 1, 5);
          const kind = "incident" + (n >= 2 ? " incident-corroborated" : "") + (coarse ? " incident-coarse" : "");
          L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], { icon: L.divIcon({ className: kind, html: String(n), iconSize: [size, size] }) })
            .bindPopup("<b>#" + esc(f.id) + "</b> · " + esc(n) + " " + t("reports")
              + facts(p, ["status", "tips", "copies", "corroborations", "repeats", "first_reported_at", "last_reported_at", "categories", "channels", "commune", "located_by"]))
            .addTo(group);
        }
      }
      async function refresh() {
        const mine = ++generation;
        notes.length = 0;
        status.textContent = t("loading");
        const b = map.getBounds();
        const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
        const l = (name, path, draw) => load(name, path, draw, mine);
        await Promise.all([
          l("communes", "/collections/communes/items?limit=5000&bbox=" + bbox, (fc, g) =>
            L.geoJSON(fc, { style: { color: "#1d3557", weight: 1, fillOpacity: 0.03 }, onEachFeature: (f, l) => {
              l.bindPopup(facts(f.properties, ["code", "name", "kind", "population"]));
              // Commune names on the map when few enough are in view to be read.
              if (fc.features.length <= 150) l.bindTooltip(esc(f.properties.name), { permanent: true, direction: "center", className: "commune-label" });
            } }).addTo(g)),
          // Without a token the hotspot map is the published monthly grid (docs/privacy.md).
          l("hotspots", "/hotspots?" + (sessionStorage.getItem("geoincidents-token") ? query({ cell: 250, limit: 5000, bbox }) : new URLSearchParams({ limit: 5000, bbox })), (fc, g) =>
            L.geoJSON(fc, { style: (f) => ({ weight: 0, fillColor: binColour[String(f.properties.bin ?? 0)], fillOpacity: f.properties.bin ? 0.6 : 0.15 }),
              onEachFeature: (f, l) => l.bindPopup(facts(f.properties, ["count", "z", "p_fdr", "bin"])) }).addTo(g)),
          l("tips", "/collections/tips/items?" + query({ limit: 5000, bbox }), drawTips),
          l("incidents", "/collections/incidents/items?" + incidentQuery(bbox), drawIncidents),
          l("clusters", "/clusters?" + query({ border: "true", limit: 500 }), (fc, g) =>
            L.geoJSON(fc, { style: { color: "#6a0dad", weight: 2, fillOpacity: 0.2 }, pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 6, color: "#6a0dad" }),
              onEachFeature: (f, l) => l.bindPopup(facts(f.properties, ["key", "size", "first_report", "last_report", "peak_hours", "border_communes", "nearest_border"])) }).addTo(g)),
          l("patrol", "/patrol-needs?" + query({ limit: 50 }), (fc, g) =>
            L.geoJSON(fc, { style: (f) => ({ color: f.properties.rank <= 5 ? "#d00000" : "#ff8800", weight: f.properties.rank <= 5 ? 6 : 3 }),
              onEachFeature: (f, l) => l.bindPopup(facts(f.properties, ["rank", "score", "name_a", "name_b", "tips", "previous_tips", "trend", "night_share", "peak_hours", "unseen_share"])) }).addTo(g)),
          l("cameras", "/coverage?" + query(), (fc, g) =>
            L.geoJSON(fc, { style: (f) => ({ color: f.properties.status === "active" ? "#2a9d8f" : "#999", weight: 1, fillOpacity: 0.35 }),
              onEachFeature: (f, l) => l.bindPopup(facts(f.properties, ["kind", "status", "heading", "field_of_view", "range_m", "owner", "direction_assumed"])) }).addTo(g)),
          l("gaps", "/coverage/gaps?" + query({ limit: 200 }), (fc, g) =>
            L.geoJSON(fc, { style: { color: "#f4a261", weight: 2, dashArray: "4 3", fillOpacity: 0.1 }, pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 5 }),
              onEachFeature: (f, l) => l.bindPopup(facts(f.properties, ["kind", "id", "tips", "covered", "uncovered", "z"])) }).addTo(g)),
        ]);
        if (mine !== generation) return;
        status.textContent = notes.length ? notes.join(" · ") : t("ready");
        let drawn = 0;
        for (const g of Object.values(groups)) { drawn += g.getLayers().length; }
        document.body.dataset.layers = String(drawn);
        document.body.dataset.errors = String(window.__errors.length);
        document.body.dataset.ready = "1";
      }
      async function start() {
        const regions = await get("/collections/communes");
        const box = regions.body && regions.body.extent && regions.body.extent.spatial && regions.body.extent.spatial.bbox[0];
        if (box) { map.fitBounds([[box[1], box[0]], [box[3], box[2]]]); }
        map.on("moveend", refresh);
        await refresh();
      }
      document.getElementById("apply").addEventListener("click", () => {
        sessionStorage.setItem("geoincidents-token", document.getElementById("token").value.trim());
        refresh();
      });
      start();
    })();
    """#
}
