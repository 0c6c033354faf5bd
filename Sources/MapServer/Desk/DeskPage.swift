import Foundation

/// The hotline desk's page (`GET /desk`): an officer types or pastes a message, sees the places
/// the text locator finds on a Leaflet map (served locally under `/map/leaflet/`, no basemap, no
/// CDN), confirms one or drops a pin, and saves the tip with Ctrl+Enter. The script is
/// ``DeskScript`` (`/desk/desk.js`).
enum DeskPage {
    static let html = #"""
    <!DOCTYPE html>
    <html lang="vi">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GeoIncidents — Bàn trực đường dây nóng / Hotline desk</title>
    <link rel="icon" href="data:,">
    \#(PageErrors.script)
    <link rel="stylesheet" href="/map/leaflet/leaflet.css">
    <style>
      [hidden] { display: none !important; }
      html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; font-size: 14px; }
      body { display: grid; grid-template-rows: 44px minmax(0, 1fr); grid-template-columns: 440px minmax(0, 1fr); }
      small { opacity: 0.65; font-weight: normal; }
      #bar { grid-column: 1 / 3; display: flex; gap: 8px; align-items: center; padding: 0 8px; background: #1d3557; color: #fff; font-size: 13px; }
      #bar input, #bar button { font-size: 13px; }
      #login { display: inline-flex; gap: 4px; margin: 0; }
      #status { margin-left: auto; max-width: 55%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      #status.error { color: #ffb4b4; font-weight: bold; }
      #status.warn { color: #ffe08a; }
      #status.ok { color: #b8f5c8; }
      #form { overflow-y: auto; padding: 8px 10px 16px; background: #eef1f5; border-right: 1px solid #c9d1dc; }
      #form label, #form .label { display: block; margin: 8px 0 2px; font-weight: 600; }
      #form textarea, #form input, #form select { box-sizing: border-box; width: 100%; font-size: 14px; font-family: inherit; }
      #message { min-height: 120px; resize: vertical; }
      .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8px; }
      #locate-state { margin: 6px 0 2px; color: #444; min-height: 1em; }
      #candidates { display: flex; flex-direction: column; gap: 4px; }
      .candidate { text-align: left; padding: 5px 8px; border: 1px solid #9fb3c8; border-radius: 4px; background: #fff; cursor: pointer; font: inherit; }
      .candidate:hover, .candidate:focus { border-color: #1d3557; outline: 2px solid #457b9d; }
      .candidate[aria-pressed="true"] { background: #dcefff; border-color: #1d3557; }
      .candidate .n { display: inline-block; min-width: 1.4em; font-weight: bold; color: #e63946; }
      .candidate .sub { display: block; font-size: 12px; color: #555; margin-left: 1.4em; }
      #chosen-row { display: flex; gap: 6px; align-items: center; margin-top: 6px; }
      #chosen { flex: 1; padding: 4px 6px; background: #fff; border: 1px dashed #9fb3c8; border-radius: 4px; min-height: 1.2em; }
      #chosen:empty::before { content: "chưa chọn vị trí — bấm một gợi ý hoặc bấm lên bản đồ / no place yet"; color: #888; }
      #category-hint { font-size: 12px; color: #2a6f3f; min-height: 1em; }
      fieldset { margin: 10px 0 0; border: 1px solid #b8c4d3; border-radius: 4px; padding: 2px 8px 8px; background: #f7f9fb; }
      #save { margin-top: 12px; width: 100%; padding: 8px; font-size: 15px; font-weight: bold; background: #2a9d8f; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
      #save:disabled { background: #8fb9b3; cursor: progress; }
      #right { display: grid; grid-template-rows: minmax(0, 3fr) minmax(0, 2fr); min-width: 0; }
      #map { background: #f4f1ea; cursor: crosshair; }
      #lists { display: grid; grid-template-columns: 1fr 1fr; border-top: 1px solid #c9d1dc; min-height: 0; }
      #lists section { overflow-y: auto; padding: 4px 8px; min-height: 0; }
      #lists h2 { font-size: 14px; margin: 4px 0; }
      #shift-section { background: #fbfaf6; border-right: 1px solid #c9d1dc; }
      #shift { border-collapse: collapse; width: 100%; font-size: 13px; }
      #shift th, #shift td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #e1e4e8; }
      #shift td.pending { color: #b5651d; }
      #unresolved { background: #fff8ef; }
      .unresolved-row { border-bottom: 1px solid #ead9c2; padding: 4px 0; font-size: 13px; }
      .unresolved-row .head { font-weight: 600; }
      .unresolved-row .text { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
      .unresolved-row .reason { color: #8a5a00; font-size: 12px; }
      .unresolved-row button { margin: 2px 4px 0 0; font-size: 12px; }
    </style>
    </head>
    <body>
    <div id="bar">
      <strong>GeoIncidents · Bàn trực <small>Hotline desk</small></strong>
      <form id="login"><input type="password" id="token" placeholder="mã truy cập / token" size="16" autocomplete="off">
      <button id="apply">Áp dụng</button></form>
      <span id="status" role="status" aria-live="polite"></span>
    </div>
    <div id="form">
      <label for="message">Nội dung tin báo <small>Message</small></label>
      <textarea id="message" autofocus spellcheck="false" placeholder="Dán hoặc gõ nội dung tin báo… (Ctrl+Enter để lưu)"></textarea>
      <label for="province">Mã tỉnh <small>Province code hint (tuỳ chọn)</small></label>
      <input id="province" autocomplete="off" inputmode="numeric" maxlength="8" placeholder="mã tỉnh 2025, ví dụ 56 — để trống nếu không cần">
      <div id="locate-state" aria-live="polite"></div>
      <div id="candidates" role="list" aria-label="Gợi ý vị trí / Candidates"></div>
      <div id="chosen-row">
        <span id="chosen" aria-live="polite"></span>
        <button type="button" id="clear-pin" title="Bỏ ghim / Remove the pin">Bỏ ghim</button>
      </div>
      <label for="places">Địa điểm đã đăng ký <small>Registered places</small></label>
      <select id="places" disabled><option value="">— địa điểm đã đăng ký —</option></select>
      <div class="pair">
        <div>
          <label for="category">Loại tin <small>Category</small></label>
          <select id="category">
            <option value="">— chọn loại —</option>
            <option value="political_security">An ninh chính trị</option>
            <option value="criminal">Tội phạm hình sự</option>
            <option value="social_evil">Tệ nạn xã hội</option>
            <option value="traffic">Tai nạn giao thông</option>
            <option value="fire">Cháy nổ</option>
            <option value="admin_procedure">Thủ tục hành chính</option>
            <option value="other">Khác</option>
          </select>
        </div>
        <div>
          <label for="channel">Kênh <small>Channel</small></label>
          <select id="channel">
            <option value="hotline" selected>Đường dây nóng</option>
            <option value="zalo_group">Nhóm Zalo</option>
            <option value="zalo_page">Trang Zalo OA</option>
            <option value="fanpage">Fanpage</option>
            <option value="web">Cổng thông tin / Web</option>
            <option value="in_person">Trực tiếp</option>
            <option value="other">Khác</option>
          </select>
        </div>
      </div>
      <div id="category-hint" aria-live="polite"></div>
      <label for="source">Nguồn <small>Source (chỉ token chỉ huy; để trống nếu không rõ)</small></label>
      <input id="source" autocomplete="off">
      <fieldset id="tipster-fields">
        <legend>Người báo tin <small>Tipster — không công khai</small></legend>
        <div class="pair">
          <div><label for="tipster-name">Họ tên <small>Name</small></label><input id="tipster-name" autocomplete="off"></div>
          <div><label for="tipster-phone">Điện thoại <small>Phone</small></label><input id="tipster-phone" type="tel" autocomplete="off"></div>
        </div>
        <label for="tipster-zalo">Zalo</label><input id="tipster-zalo" autocomplete="off">
        <label for="tipster-note">Ghi chú <small>Note</small></label><input id="tipster-note" autocomplete="off">
      </fieldset>
      <button type="button" id="save">Lưu tin báo <small>(Ctrl+Enter)</small></button>
    </div>
    <div id="right">
      <div id="map"></div>
      <div id="lists">
        <section id="shift-section">
          <h2>Tin báo trong ca <small>Saved this shift</small> <button type="button" id="shift-clear">Xoá danh sách</button></h2>
          <table id="shift">
            <thead><tr><th>Giờ</th><th>Loại</th><th>Xã, phường</th><th>Định vị</th><th>Mã</th></tr></thead>
            <tbody id="shift-rows"></tbody>
          </table>
        </section>
        <section id="unresolved">
          <h2>Chờ xác định vị trí <small>Unresolved</small> <span id="unresolved-count"></span></h2>
          <div id="unresolved-rows"></div>
        </section>
      </div>
    </div>
    <script src="/map/leaflet/leaflet.js"></script>
    <script src="/desk/desk.js"></script>
    </body>
    </html>
    """#
}
