/// The script both pages (`/map`, `/desk`) load first: every script error, rejected promise
/// and console error or warning is counted in `window.__errors`, which the browser tests read.
enum PageErrors {
    static let script = """
        <script>
          window.__errors = [];
          window.addEventListener("error", (e) => window.__errors.push(String(e.message || e)));
          window.addEventListener("unhandledrejection", (e) => window.__errors.push(String(e.reason)));
          for (const level of ["error", "warn"]) {
            const original = console[level].bind(console);
            console[level] = (...args) => { window.__errors.push(args.join(" ")); original(...args); };
          }
        </script>
        """
}
