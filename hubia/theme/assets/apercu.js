/*
 * Live preview (`hubia serve` only): reloads the page after each good rebuild, and shows the
 * hub's errors while the preview keeps the last good version.
 *
 * The server answers GET __hubia/etat at once with {version, erreurs, recharger}; with
 * ?version=N&page=P it waits until a version after N rewrote this page P or changed the
 * errors (or a timeout), and `recharger` says whether P was rewritten: a save rewrites a
 * record's page first, then the pages that list it, and each page reloads once.
 * A script file, and no inline style: the site's Content-Security-Policy applies unchanged.
 * Messages are set with textContent only.
 */
(() => {
  "use strict";

  const ROOT = new URL("../", document.currentScript.src);
  const STATE = new URL("__hubia/etat", ROOT);
  const PAGE = location.pathname.startsWith(ROOT.pathname)
    ? location.pathname.slice(ROOT.pathname.length) : null;
  const TITLE = "Le hub a des erreurs : l'aperçu montre la dernière version valide";
  let version = null;
  let failures = 0;
  let panel = null;
  let hiddenFor = null; // the errors the reader chose to hide

  function showErrors(errors) {
    const key = errors.join("\n");
    if (!errors.length) {
      if (panel) panel.hidden = true;
      return;
    }
    if (!panel) {
      panel = document.createElement("aside");
      panel.className = "hubia-apercu-erreurs";
      panel.setAttribute("aria-label", "Erreurs de l'aperçu");
      const alert = document.createElement("div");
      alert.setAttribute("role", "alert");
      const title = document.createElement("p");
      title.className = "hubia-apercu-erreurs__titre";
      title.textContent = TITLE;
      alert.append(title, document.createElement("ul"));
      const close = document.createElement("button");
      close.type = "button";
      close.className = "hubia-bouton";
      close.textContent = "Masquer";
      close.addEventListener("click", () => {
        hiddenFor = panel.dataset.erreurs;
        panel.hidden = true;
      });
      panel.append(alert, close);
      document.body.append(panel);
    }
    if (panel.dataset.erreurs !== key) { // unchanged errors are not announced again
      panel.dataset.erreurs = key;
      panel.querySelector("ul").replaceChildren(...errors.map((message) => {
        const item = document.createElement("li");
        item.textContent = message;
        return item;
      }));
    }
    panel.hidden = hiddenFor === key;
  }

  async function poll() {
    const url = new URL(STATE);
    if (version !== null) url.searchParams.set("version", String(version));
    if (PAGE !== null) url.searchParams.set("page", PAGE);
    const asked = Date.now();
    let state;
    try {
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      state = await response.json();
    } catch (error) {
      // The server is restarting or gone: try again soon, then less often.
      failures += 1;
      setTimeout(poll, failures === 1 ? 1000 : 5000);
      return;
    }
    failures = 0;
    const errors = Array.isArray(state.erreurs) ? state.erreurs.map(String) : [];
    if (version !== null && state.recharger && !errors.length) {
      location.reload();
      return;
    }
    const unchanged = state.version === version;
    version = state.version;
    showErrors(errors);
    // A long poll that came back at once with nothing new must not turn into a busy loop.
    if (unchanged && Date.now() - asked < 500) setTimeout(poll, 1000);
    else poll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", poll);
  else poll();
})();
