/// The hotline desk's script (`GET /desk/desk.js`): locates the message as it is typed
/// (`POST /locate`), lets the officer confirm a candidate or drop a pin, saves the tip
/// (`POST /tips`, one Idempotency-Key per draft), keeps the shift's saved tips in the browser
/// session, and lists the unresolved tips (`/tips/unresolved`) for tokens that may place them.
/// Server text is only ever put on the page as text (textContent), never as HTML.
enum DeskScript {
    static let javascript = #"""
    "use strict";
    (function () {
      const TOKEN_KEY = "geoincidents-token", SHIFT_KEY = "geoincidents-desk-shift";
      const CATEGORY = {
        political_security: "An ninh chính trị", criminal: "Tội phạm hình sự", social_evil: "Tệ nạn xã hội",
        traffic: "Tai nạn giao thông", fire: "Cháy nổ", admin_procedure: "Thủ tục hành chính", other: "Khác",
      };
      const LOCATED = {
        gps: "ghim / GPS", place: "địa điểm", neighbourhood: "thôn, khu phố", commune: "xã, phường",
        ambiguous: "nhiều khả năng", unlocated: "chưa xác định",
      };
      const $ = (id) => document.getElementById(id);
      const message = $("message"), province = $("province"), status = $("status"), candidatesBox = $("candidates");
      const chosenBox = $("chosen"), placesSelect = $("places"), category = $("category"), categoryHint = $("category-hint");
      const channel = $("channel"), source = $("source"), saveButton = $("save"), locateState = $("locate-state");
      const tipsterInputs = { name: $("tipster-name"), phone: $("tipster-phone"), zalo_id: $("tipster-zalo"), note: $("tipster-note") };
      const unresolvedSection = $("unresolved"), unresolvedRows = $("unresolved-rows"), unresolvedCount = $("unresolved-count");
      const communeNames = new Map();  // commune code → name, learnt from /locate and the outlines
      let unresolvedAllowed = true, unresolvedSeq = 0, unresolvedBusy = false;

      // ---- small helpers ------------------------------------------------------------------
      function el(tag, options, children) {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(options || {})) {
          if (v === undefined || v === null || v === false) continue;
          if (k === "text") e.textContent = String(v);
          else if (k === "class") e.className = v;
          else if (k === "data") Object.assign(e.dataset, v);
          else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
          else e.setAttribute(k, v === true ? "" : String(v));
        }
        for (const c of children || []) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
        return e;
      }
      const finite = (v) => typeof v === "number" && Number.isFinite(v);
      // The server reads at most 4,096 UTF-8 bytes of a location text (NFC): the place is named
      // near the start, so a longer message is located (and stored as location_text) by its start.
      const LOCATION_TEXT_BYTES = 4096;
      const encoder = new TextEncoder();
      function clip(text, bytes) {
        const t = text.normalize("NFC");
        if (encoder.encode(t).length <= bytes) return t;
        let out = "", used = 0;
        for (const ch of t) {
          const n = encoder.encode(ch).length;
          if (used + n > bytes) break;
          out += ch; used += n;
        }
        return out;
      }
      const fixed = (v) => Math.round(v * 1e7) / 1e7;
      const syncErrors = () => { document.body.dataset.errors = String(window.__errors.length); };
      window.addEventListener("error", syncErrors);
      window.addEventListener("unhandledrejection", syncErrors);
      function setStatus(text, kind) {
        status.textContent = text;
        status.title = text;
        status.className = kind || "";
        syncErrors();
      }
      function describe(result) {
        if (result.body && typeof result.body.description === "string" && result.body.description) return result.body.description;
        if (result.status === 401) return "cần mã truy cập hợp lệ / a valid token is needed";
        if (result.status) return "HTTP " + result.status;
        return "không kết nối được máy chủ / the server cannot be reached";
      }
      // A failed call the officer must see: shown in the status line and counted as an error.
      function fail(what, result) {
        const text = what + ": " + describe(result);
        window.__errors.push("desk: " + text);
        setStatus(text, "error");
      }
      function newKey() {  // crypto.getRandomValues works on plain http too (randomUUID does not)
        const bytes = new Uint8Array(16);
        crypto.getRandomValues(bytes);
        return "desk-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      }
      async function api(method, path, options) {
        const o = options || {};
        const headers = Object.assign({ Accept: "application/json" }, o.headers || {});
        const token = sessionStorage.getItem(TOKEN_KEY);
        if (token) headers.Authorization = "Bearer " + token;
        const init = { method, headers, signal: o.signal };
        if (o.body !== undefined) { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(o.body); }
        let response;
        try {
          response = await fetch(path, init);
        } catch (e) {
          if (e && e.name === "AbortError") return { aborted: true, status: 0, ok: false, body: null };
          return { status: 0, ok: false, body: null };
        }
        let body = null;
        try { body = await response.json(); } catch (e) {
          if (e && e.name === "AbortError") return { aborted: true, status: 0, ok: false, body: null };
        }
        return { status: response.status, ok: response.ok, body };
      }

      // ---- token --------------------------------------------------------------------------
      const hashToken = new URLSearchParams(location.hash.slice(1)).get("token");
      if (hashToken) { sessionStorage.setItem(TOKEN_KEY, hashToken); history.replaceState(null, "", location.pathname + location.search); }
      $("token").value = sessionStorage.getItem(TOKEN_KEY) || "";
      $("login").addEventListener("submit", (e) => {
        e.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
        setStatus(sessionStorage.getItem(TOKEN_KEY) ? "Đã đặt mã truy cập / token set" : "Chưa có mã truy cập / no token", "");
        unresolvedAllowed = true;
        loadUnresolved();
        scheduleLocate(0);
      });

      // ---- map ----------------------------------------------------------------------------
      const map = L.map("map", { zoomControl: true }).setView([16, 106], 6);
      const outlines = L.geoJSON(null, { style: { color: "#8a8a8a", weight: 1, fill: false }, interactive: false }).addTo(map);
      const candidateLayer = L.layerGroup().addTo(map);
      let pin = null;
      let outlineSeq = 0;
      async function loadOutlines() {  // optional context: failures are not errors
        const mine = ++outlineSeq;
        if (map.getZoom() < 11) { outlines.clearLayers(); return; }
        const b = map.getBounds();
        const bbox = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90), Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)]
          .map((v) => v.toFixed(5)).join(",");
        const result = await api("GET", "/collections/communes/items?limit=500&bbox=" + bbox);
        if (mine !== outlineSeq || !result.ok || !result.body || !Array.isArray(result.body.features)) return;
        outlines.clearLayers();
        for (const f of result.body.features) {
          const p = f && f.properties;
          if (p && typeof p.code === "string" && typeof p.name === "string") communeNames.set(p.code, p.name);
          try { outlines.addData(f); } catch (e) { /* a feature Leaflet cannot draw is left out */ }
        }
      }

      // ---- the chosen place (the pin) -----------------------------------------------------
      let chosen = null;  // {lon, lat, commune_code, located_by, accuracy_m, label}
      function setPin(lat, lon) {
        if (!pin) {
          pin = L.marker([lat, lon], { draggable: true, keyboard: true, title: "Vị trí tin báo — kéo để chỉnh / drag to adjust", zIndexOffset: 1000 }).addTo(map);
          pin.on("dragend", () => {
            const p = pin.getLatLng().wrap();
            setChosen({ lon: fixed(p.lng), lat: fixed(p.lat), commune_code: null, located_by: "gps", accuracy_m: null, label: null });
          });
        } else {
          pin.setLatLng([lat, lon]);
        }
      }
      function setChosen(state) {
        chosen = state;
        if (!state) {
          if (pin) { map.removeLayer(pin); pin = null; }
        }
        for (const b of candidatesBox.querySelectorAll(".candidate")) {
          b.setAttribute("aria-pressed", state && state.candidate === Number(b.dataset.index) ? "true" : "false");
        }
        renderChosen();
        for (const b of unresolvedRows.querySelectorAll("button.resolve-pin")) { b.disabled = !chosen; }
      }
      function renderChosen() {
        if (!chosen) { chosenBox.textContent = ""; return; }
        const parts = [];
        const name = chosen.label || (chosen.commune_code && communeNames.get(chosen.commune_code)) || (chosen.located_by === "gps" ? "Ghim trên bản đồ / officer's pin" : "");
        if (name) parts.push(name);
        if (chosen.commune_code) parts.push(chosen.commune_code);
        parts.push(LOCATED[chosen.located_by] || chosen.located_by);
        if (finite(chosen.accuracy_m)) parts.push("±" + Math.round(chosen.accuracy_m) + " m");
        parts.push(chosen.lat.toFixed(5) + ", " + chosen.lon.toFixed(5));
        chosenBox.textContent = parts.join(" · ");
      }
      map.on("click", (e) => {
        const p = e.latlng.wrap();
        setPin(p.lat, p.lng);
        setChosen({ lon: fixed(p.lng), lat: fixed(p.lat), commune_code: null, located_by: "gps", accuracy_m: null, label: null });
      });
      $("clear-pin").addEventListener("click", () => setChosen(null));

      // ---- registered places of the confirmed commune -------------------------------------
      let places = [], placesSeq = 0, placesCommune = null;
      function resetPlaces() {
        ++placesSeq;
        places = []; placesCommune = null;
        placesSelect.replaceChildren(el("option", { value: "", text: "— địa điểm đã đăng ký —" }));
        placesSelect.disabled = true;
        delete placesSelect.dataset.loaded;
      }
      async function loadPlaces(code) {
        if (code && code === placesCommune) return;
        resetPlaces();
        if (!code) return;
        const mine = placesSeq;
        const result = await api("GET", "/places?commune=" + encodeURIComponent(code));
        if (mine !== placesSeq) return;
        placesSelect.dataset.loaded = code;
        if (result.status === 401 || result.status === 403) return;  // this token may not list places: no list
        if (!result.ok || !result.body || !Array.isArray(result.body.places)) { fail("Địa điểm đã đăng ký / places", result); return; }
        placesCommune = code;
        places = result.body.places.filter((p) => p && finite(p.lon) && finite(p.lat));
        places.forEach((p, i) => {
          placesSelect.appendChild(el("option", { value: String(i), text: String(p.name ?? "") + (p.kind ? " (" + p.kind + ")" : "") }));
        });
        placesSelect.disabled = places.length === 0;
      }
      placesSelect.addEventListener("change", () => {
        const p = places[Number(placesSelect.value)];
        if (placesSelect.value === "" || !p) return;
        setPin(p.lat, p.lon);
        map.panTo([p.lat, p.lon]);
        setChosen({ lon: p.lon, lat: p.lat, commune_code: placesCommune, located_by: "place", accuracy_m: finite(p.accuracy_m) ? p.accuracy_m : null, label: String(p.name ?? "") });
      });

      // ---- locating the message as it is typed --------------------------------------------
      let candidates = [], locateTimer = null, locateSeq = 0, locateAbort = null;
      window.__deskCandidates = [];
      window.__deskLocatedText = null;
      let categoryTouched = false;
      category.addEventListener("change", () => { categoryTouched = true; });
      function suggestCategory(code, phrase) {
        if (code && CATEGORY[code]) {
          categoryHint.textContent = "gợi ý từ: «" + String(phrase ?? "") + "» → " + CATEGORY[code];
          if (!categoryTouched) category.value = code;
        } else {
          categoryHint.textContent = "";
          if (!categoryTouched) category.value = "";
        }
      }
      function scheduleLocate(delay) {
        clearTimeout(locateTimer);
        locateTimer = setTimeout(locate, delay === undefined ? 300 : delay);
      }
      async function locate() {
        const text = message.value;
        const mine = ++locateSeq;
        if (locateAbort) { locateAbort.abort(); locateAbort = null; }
        if (text.trim().length < 3) {
          showCandidates([], text);
          locateState.textContent = "";
          suggestCategory(null, null);
          return;
        }
        const request = { text: clip(text, LOCATION_TEXT_BYTES) };
        const hint = province.value.trim();
        if (hint) request.province = hint;
        const abort = new AbortController();
        locateAbort = abort;
        locateState.textContent = "Đang tìm vị trí… / locating…";
        const result = await api("POST", "/locate", { body: request, signal: abort.signal });
        if (mine !== locateSeq || result.aborted) return;
        locateAbort = null;
        if (!result.ok || !result.body) { locateState.textContent = ""; fail("Định vị / locate", result); return; }
        const answer = result.body;
        const list = Array.isArray(answer.candidates) ? answer.candidates.filter((c) => c && finite(c.lon) && finite(c.lat)) : [];
        for (const c of list) { if (typeof c.commune_code === "string" && typeof c.commune === "string") communeNames.set(c.commune_code, c.commune); }
        suggestCategory(answer.category, answer.category_phrase);
        locateState.textContent = answer.status === "located" ? "Xác định được vị trí — bấm để xác nhận / located: click to confirm"
          : answer.status === "ambiguous" ? "Nhiều nơi trùng tên — chọn một / ambiguous: choose one"
          : "Không tìm thấy địa danh trong tin — bấm lên bản đồ / no place found: click the map";
        showCandidates(list, text);
      }
      function showCandidates(list, text) {
        candidates = list;
        window.__deskCandidates = list;
        window.__deskLocatedText = text;
        candidateLayer.clearLayers();
        candidatesBox.replaceChildren();
        const bounds = L.latLngBounds([]);
        list.forEach((c, i) => {
          const title = String(c.label ?? c.commune ?? "");
          const sub = [c.commune !== title ? c.commune : null, c.commune_code, LOCATED[c.located_by] || c.located_by, finite(c.accuracy_m) ? "±" + Math.round(c.accuracy_m) + " m" : null]
            .filter((v) => v !== undefined && v !== null && v !== "").map(String).join(" · ");
          const button = el("button", {
            type: "button", class: "candidate", role: "listitem", data: { index: String(i) }, "aria-pressed": "false",
            title: "Bấm hoặc Enter để xác nhận (Alt+" + (i + 1) + ") / click or Enter to confirm",
            onclick: () => confirmCandidate(i),
          }, [el("span", { class: "n", text: (i + 1) + "." }), el("span", { text: title }), el("span", { class: "sub", text: sub })]);
          candidatesBox.appendChild(button);
          const at = [c.lat, c.lon];
          if (finite(c.accuracy_m) && c.accuracy_m > 0) {
            const circle = L.circle(at, { radius: c.accuracy_m, color: "#e63946", weight: 1, dashArray: "4 4", fillOpacity: 0.05, interactive: false }).addTo(candidateLayer);
            bounds.extend(circle.getBounds());
          }
          bounds.extend(at);
          L.circleMarker(at, { radius: 8, color: "#fff", weight: 2, fillColor: "#e63946", fillOpacity: 0.9 })
            .bindTooltip(el("span", { text: (i + 1) + ". " + title }), { direction: "top", offset: [0, -6] })
            .on("click", (e) => { L.DomEvent.stop(e); confirmCandidate(i); })
            .addTo(candidateLayer);
        });
        if (list.length && bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
        if (chosen && chosen.candidate !== undefined) chosen.candidate = undefined;  // the list it pointed into is gone
      }
      function confirmCandidate(i) {
        const c = candidates[i];
        if (!c) return;
        setPin(c.lat, c.lon);
        setChosen({
          lon: c.lon, lat: c.lat, commune_code: typeof c.commune_code === "string" ? c.commune_code : null,
          located_by: typeof c.located_by === "string" ? c.located_by : "commune",
          accuracy_m: finite(c.accuracy_m) ? c.accuracy_m : null, label: String(c.label ?? c.commune ?? ""), candidate: i,
        });
        if (!map.getBounds().contains([c.lat, c.lon])) map.panTo([c.lat, c.lon]);
        loadPlaces(chosen.commune_code);
      }
      message.addEventListener("input", () => scheduleLocate());
      province.addEventListener("input", () => scheduleLocate());

      // ---- the shift list (this browser session) ------------------------------------------
      let shift = [];
      try { const stored = JSON.parse(sessionStorage.getItem(SHIFT_KEY) || "[]"); if (Array.isArray(stored)) shift = stored; } catch (e) { shift = []; }
      function keepShift() {
        if (shift.length > 500) shift.length = 500;
        try { sessionStorage.setItem(SHIFT_KEY, JSON.stringify(shift)); } catch (e) { /* storage full: the list stays on screen */ }
      }
      function shiftID(entry) {
        if (entry.dismissed) return "đã bỏ qua #" + entry.unresolved_id;
        if (entry.id !== null && entry.id !== undefined) return "#" + entry.id;
        if (entry.unresolved_id !== null && entry.unresolved_id !== undefined) return "chờ xử lý #" + entry.unresolved_id;
        return "chờ xử lý";
      }
      function renderShift() {
        const rows = shift.map((entry) => {
          const at = new Date(entry.at);
          const pending = entry.id === null || entry.id === undefined;
          return el("tr", {}, [
            el("td", { text: isNaN(at) ? "" : at.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit" }), title: entry.at }),
            el("td", { text: CATEGORY[entry.category] || entry.category || "" }),
            el("td", { text: entry.commune_code || "chưa xác định" }),
            el("td", { text: LOCATED[entry.located_by] || entry.located_by || "", title: entry.located_by || "" }),
            el("td", { text: shiftID(entry), class: pending ? "pending" : null }),
          ]);
        });
        $("shift-rows").replaceChildren(...rows);
      }
      $("shift-clear").addEventListener("click", () => {
        if (!shift.length || !window.confirm("Xoá danh sách tin báo trong ca trên trình duyệt này? (tin báo đã lưu không bị xoá)")) return;
        shift = []; keepShift(); renderShift();
      });

      // ---- saving -------------------------------------------------------------------------
      let draftKey = newKey(), saving = false;
      function resetDraft() {
        message.value = "";
        for (const input of Object.values(tipsterInputs)) input.value = "";
        clearTimeout(locateTimer);
        ++locateSeq;
        if (locateAbort) { locateAbort.abort(); locateAbort = null; }
        showCandidates([], "");
        locateState.textContent = "";
        setChosen(null);
        resetPlaces();
        categoryTouched = false;
        category.value = "";
        categoryHint.textContent = "";
        draftKey = newKey();
        message.focus();
      }
      async function save() {
        if (saving) return;
        const text = message.value.trim();
        if (!text) { setStatus("Chưa có nội dung tin báo / the message is empty", "warn"); message.focus(); return; }
        if (!category.value) { setStatus("Chọn loại tin báo / choose a category", "warn"); category.focus(); return; }
        const body = { category: category.value, channel: channel.value, description: text, location_text: clip(text, LOCATION_TEXT_BYTES) };
        const sourceValue = source.value.trim();
        if (sourceValue) body.source = sourceValue;
        const hint = province.value.trim();
        if (hint) body.province = hint;
        const tipster = {};
        for (const [k, input] of Object.entries(tipsterInputs)) { const v = input.value.trim(); if (v) tipster[k] = v; }
        if (Object.keys(tipster).length) body.tipster = tipster;
        if (chosen) {
          body.lon = chosen.lon;
          body.lat = chosen.lat;
          if (finite(chosen.accuracy_m)) body.accuracy_m = chosen.accuracy_m;
          // A confirmed proposal keeps its level (a commune-wide point is not a GPS fix); a
          // dropped or dragged pin is the officer's exact point.
          if (chosen.located_by && chosen.located_by !== "gps" && finite(chosen.accuracy_m)) body.located_by = chosen.located_by;
        }
        const savedCategory = body.category;
        saving = true;
        saveButton.disabled = true;
        setStatus("Đang lưu… / saving…", "");
        const result = await api("POST", "/tips", { body, headers: { "Idempotency-Key": draftKey } });
        saving = false;
        saveButton.disabled = false;
        const answer = result.body;
        if (!(result.status === 200 || result.status === 201 || result.status === 202) || !answer || typeof answer !== "object") {
          if (result.status === 409) {
            // The key was used for another body: an earlier try of this draft was stored (its
            // answer was lost) and the draft was edited since. The next save is a new tip.
            draftKey = newKey();
            fail("Lưu / save (tin này có thể đã được lưu — kiểm tra trước khi lưu lại)", result);
          } else {
            fail("Lưu / save", result);
          }
          return;
        }
        const entry = { at: new Date().toISOString(), category: savedCategory, commune_code: null, located_by: answer.located_by || null, id: null, unresolved_id: null };
        let savedMark, note;
        if (finite(answer.id)) {
          entry.id = answer.id;
          entry.commune_code = (answer.assignment && typeof answer.assignment.commune_code === "string") ? answer.assignment.commune_code : null;
          savedMark = String(answer.id);
          note = "Đã lưu tin báo #" + answer.id + (answer.created === false ? " (đã có từ trước / already stored)" : "")
            + (entry.commune_code ? " — " + (communeNames.get(entry.commune_code) || entry.commune_code) : "");
        } else {
          entry.unresolved_id = finite(answer.unresolved_id) ? answer.unresolved_id : null;
          entry.located_by = answer.located_by || "unlocated";
          savedMark = "u" + (entry.unresolved_id ?? "");
          note = "Đã lưu, chờ xác định vị trí" + (entry.unresolved_id !== null ? " #" + entry.unresolved_id : "")
            + (answer.reason ? ": " + answer.reason : "");
        }
        shift.unshift(entry);
        keepShift();
        renderShift();
        resetDraft();
        setStatus(note, entry.id !== null ? "ok" : "warn");
        document.body.dataset.saved = savedMark;
        if (entry.id === null) loadUnresolved();
      }
      saveButton.addEventListener("click", save);
      document.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          save();
          return;
        }
        if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-9]$/.test(e.code || "")) {
          const i = Number(e.code.slice(5)) - 1;
          if (candidates[i]) { e.preventDefault(); confirmCandidate(i); }
        }
      }, true);

      // ---- unresolved tips ----------------------------------------------------------------
      async function loadUnresolved() {
        const mine = ++unresolvedSeq;
        const result = await api("GET", "/tips/unresolved?limit=50");
        if (mine !== unresolvedSeq) return;
        if (result.status === 401 || result.status === 403) {  // intake and scoped tokens: not theirs to see
          unresolvedAllowed = false;
          unresolvedSection.hidden = true;
          return;
        }
        if (!result.ok || !result.body || !Array.isArray(result.body.unresolved)) { fail("Tin báo chờ xác định / unresolved", result); return; }
        unresolvedAllowed = true;
        unresolvedSection.hidden = false;
        renderUnresolved(result.body.unresolved);
      }
      function renderUnresolved(list) {
        unresolvedCount.textContent = "(" + list.length + (list.length >= 50 ? "+" : "") + ")";
        const rows = list.filter((u) => u && finite(u.id)).map((u) => {
          const at = new Date(u.reported_at);
          const head = ["#" + u.id, isNaN(at) ? "" : at.toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit" }),
            CATEGORY[u.category] || u.category || "", LOCATED[u.located_by] || u.located_by || ""].filter(Boolean).join(" · ");
          const description = String(u.description ?? "");
          const where = String(u.location_text ?? "");
          const buttons = (Array.isArray(u.candidates) ? u.candidates : []).filter((c) => typeof c === "string" && c).map((code) =>
            el("button", { type: "button", class: "resolve-commune", data: { commune: code },
              text: "Đặt vào " + (communeNames.get(code) ? communeNames.get(code) + " (" + code + ")" : code),
              onclick: () => resolve(u.id, { commune: code }, { commune_code: code, located_by: "commune" }) }));
          buttons.push(el("button", { type: "button", class: "resolve-pin", disabled: !chosen, title: "Đặt tin báo tại ghim trên bản đồ / place at the pin",
            text: "Đặt theo ghim", onclick: () => { if (chosen) resolve(u.id, { lon: chosen.lon, lat: chosen.lat }, { commune_code: null, located_by: "gps" }); } }));
          buttons.push(el("button", { type: "button", class: "dismiss", text: "Bỏ qua",
            onclick: () => { if (window.confirm("Bỏ qua tin báo chờ #" + u.id + "?")) resolve(u.id, { dismissed: true }, { dismissed: true }); } }));
          return el("div", { class: "unresolved-row", data: { id: String(u.id) } }, [
            el("div", { class: "head", text: head }),
            description ? el("div", { class: "text", text: description }) : null,
            where && where !== description ? el("div", { class: "text", text: "Nơi: " + where }) : null,
            u.reason ? el("div", { class: "reason", text: String(u.reason) }) : null,
            el("div", {}, buttons),
          ]);
        });
        if (!rows.length) rows.push(el("div", { class: "reason", text: "Không có tin báo nào chờ / nothing waiting" }));
        unresolvedRows.replaceChildren(...rows);
      }
      async function resolve(id, body, outcome) {
        if (unresolvedBusy) return;
        unresolvedBusy = true;
        for (const b of unresolvedRows.querySelectorAll('.unresolved-row[data-id="' + id + '"] button')) { b.disabled = true; }
        const result = await api("PATCH", "/tips/unresolved/" + encodeURIComponent(id), { body });
        unresolvedBusy = false;
        if (!result.ok) { fail("Tin báo chờ #" + id, result); await loadUnresolved(); return; }
        const answer = result.body || {};
        const entry = shift.find((s) => s.unresolved_id === id);
        if (outcome.dismissed) {
          setStatus("Đã bỏ qua tin báo chờ #" + id, "ok");
          if (entry) entry.dismissed = true;
        } else {
          setStatus("Đã xác định vị trí tin báo chờ #" + id + (finite(answer.id) ? " → #" + answer.id : ""), "ok");
          if (entry && finite(answer.id)) { entry.id = answer.id; entry.located_by = outcome.located_by; entry.commune_code = outcome.commune_code; }
          if (!message.value.trim() && outcome.located_by === "gps") setChosen(null);  // the pin served this tip, not a draft
        }
        if (entry) { keepShift(); renderShift(); }
        if (entry && finite(answer.id) && !entry.commune_code) {
          const tip = await api("GET", "/collections/tips/items/" + encodeURIComponent(answer.id));
          const code = tip.ok && tip.body && tip.body.properties && tip.body.properties.commune_code;
          if (typeof code === "string") { entry.commune_code = code; keepShift(); renderShift(); }
        }
        await loadUnresolved();
      }
      setInterval(() => { if (unresolvedAllowed && !unresolvedBusy) loadUnresolved(); }, 60000);

      // ---- start --------------------------------------------------------------------------
      async function start() {
        renderShift();
        resetPlaces();
        const regions = await api("GET", "/collections/communes");
        const box = regions.ok && regions.body && regions.body.extent && regions.body.extent.spatial && Array.isArray(regions.body.extent.spatial.bbox)
          ? regions.body.extent.spatial.bbox[0] : null;
        if (Array.isArray(box) && box.length >= 4 && box.every(finite)) map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { animate: false });
        map.on("moveend", loadOutlines);
        await Promise.all([loadOutlines(), loadUnresolved()]);
        if (status.className !== "error") {
          setStatus(sessionStorage.getItem(TOKEN_KEY) ? "Sẵn sàng / ready" : "Nhập mã truy cập / enter a token", sessionStorage.getItem(TOKEN_KEY) ? "" : "warn");
        }
        if (message.value.trim().length >= 3) scheduleLocate(0);  // text kept by the browser across a reload
        syncErrors();
        document.body.dataset.ready = "1";
      }
      start();
    })();
    """#
}
