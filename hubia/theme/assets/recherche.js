/*
 * Search of the Hub IA: the header's dialog and the « Rechercher » page, on Pagefind's
 * JavaScript API (site/pagefind/, written by `hubia build`).
 *
 * - Nothing inline: a script file, so a strict Content-Security-Policy
 *   (script-src 'self' 'wasm-unsafe-eval') can be applied.
 * - The site root comes from this file's own address (…/theme/recherche.js): the search
 *   works under a sub-path and from any page, and nothing is ever loaded from elsewhere.
 * - Results come from contributed content: text is set with textContent, excerpts keep only
 *   their <mark> elements, links stay on the site.
 */
(() => {
  "use strict";

  const ROOT = new URL("../", document.currentScript.src);
  const PAGE_SIZE = 10;
  const DIALOG_SIZE = 6;
  const SORTS = { recent: { date: "desc" }, ancien: { date: "asc" } };

  /* Pagefind, loaded once, on first use. No web worker: one file less to download, and
     searching a few thousand pages takes milliseconds on the main thread. */
  let loading = null;
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", ROOT).href).then(async (api) => {
        await api.options({ baseUrl: ROOT.pathname, excerptLength: 24, noWorker: true });
        await api.init();
        return api;
      });
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  /* ---- Building the results ------------------------------------------------------------ */

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? "" : value);
      }
    }
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function onSite(url) {
    const target = new URL(url, ROOT);
    return target.origin === ROOT.origin ? target.href : ROOT.href;
  }

  /* Pagefind encodes the page text before adding <mark>: parsed in an inert template, only
     text and <mark> survive, whatever a record contains. */
  function excerpt(html) {
    const template = document.createElement("template");
    template.innerHTML = html || "";
    const fragment = document.createDocumentFragment();
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") fragment.append(element("mark", {}, node.textContent));
      else fragment.append(node.textContent);
    }
    return fragment;
  }

  function plural(count, word, words) {
    return `${count.toLocaleString("fr-FR")} ${count > 1 ? words : word}`;
  }

  function resultItem(data, level, term) {
    const meta = data.meta || {};
    const item = element("li", { class: "hubia-resultat" });
    item.append(element(`h${level}`, { class: "hubia-resultat__titre" },
      element("a", { href: onSite(data.url) }, meta.title || data.url)));
    const info = element("p", { class: "hubia-resultat__info" },
      [meta.type, meta.date && `mis à jour le ${meta.date}`].filter(Boolean).join(" · "));
    if (meta.exemple) info.append(" ", element("span", { class: "hubia-badge" }, meta.exemple));
    item.append(info);
    const text = term ? data.excerpt : meta.resume || data.excerpt;
    if (text) item.append(element("p", { class: "hubia-resultat__extrait" }, excerpt(text)));
    const sections = term ? (data.sub_results || [])
      .filter((sub) => sub.anchor && sub.url !== data.url).slice(0, 3) : [];
    if (sections.length) {
      const list = element("ul", { class: "hubia-resultat__sections", "aria-label": "Sections" });
      for (const sub of sections) {
        list.append(element("li", {},
          element("a", { href: onSite(sub.url) }, sub.title),
          element("span", { class: "hubia-resultat__extrait" }, " : ", excerpt(sub.excerpt))));
      }
      item.append(list);
    }
    return item;
  }

  function searchPageUrl(term) {
    const url = new URL("rechercher/", ROOT);
    if (term) url.searchParams.set("q", term);
    return url.href;
  }

  function editable(target) {
    return target instanceof HTMLElement && (target.isContentEditable
      || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  /* Arrow keys move between the result links (Tab works as well). */
  function arrowKeys(input, list) {
    const links = () => [...list.querySelectorAll("a")];
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && links().length) {
        event.preventDefault();
        links()[0].focus();
      }
    });
    list.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const all = links();
      const index = all.indexOf(document.activeElement);
      if (index < 0) return;
      event.preventDefault();
      const next = index + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    });
  }

  /* ---- The header's dialog --------------------------------------------------------------- */

  function setUpDialog() {
    const opener = document.querySelector("[data-hubia-ouvrir]");
    const dialog = document.querySelector("[data-hubia-dialogue]");
    if (!opener || !dialog) return;
    const input = dialog.querySelector("input[type=search]");
    const form = dialog.querySelector("[data-hubia-formulaire]");
    const status = dialog.querySelector("[data-hubia-etat]");
    const list = dialog.querySelector("[data-hubia-resultats]");
    const all = dialog.querySelector("[data-hubia-tout]");
    let previous = null;
    let searches = 0;

    opener.setAttribute("role", "button");
    opener.setAttribute("aria-haspopup", "dialog");
    opener.setAttribute("aria-controls", dialog.id);
    opener.setAttribute("aria-keyshortcuts", "Control+K Meta+K");

    function open() {
      if (dialog.open) {
        input.focus();
        return;
      }
      previous = document.activeElement;
      dialog.showModal();
      input.focus();
      input.select();
      pagefind().catch(() => {});
    }

    async function search() {
      const id = ++searches;
      const term = input.value.trim();
      all.href = searchPageUrl(term);
      if (!term) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      try {
        const api = await pagefind();
        const found = await api.debouncedSearch(term, {}, 200);
        if (found === null || id !== searches) return;
        const shown = await Promise.all(found.results.slice(0, DIALOG_SIZE).map((r) => r.data()));
        if (id !== searches) return;
        list.replaceChildren(...shown.map((data) => resultItem(data, 3, term)));
        const count = found.results.length;
        status.textContent = count === 0
          ? `Aucun résultat pour « ${term} ».`
          : `${plural(count, "résultat", "résultats")} pour « ${term} »`
            + (count > DIALOG_SIZE ? `, les ${DIALOG_SIZE} premiers ci-dessous.` : ".");
      } catch (error) {
        status.textContent = "La recherche n'a pas pu être chargée. Réessayez plus tard.";
        throw error;
      }
    }

    /* To the « Rechercher » page; if it is already shown, it takes the words directly,
       without loading the page again. */
    function toSearchPage() {
      const term = input.value.trim();
      const page = document.querySelector("[data-hubia-recherche]");
      dialog.close();
      if (page) page.dispatchEvent(new CustomEvent("hubia-recherche", { detail: term }));
      else location.assign(searchPageUrl(term));
    }

    opener.addEventListener("click", (event) => {
      event.preventDefault();
      open();
    });
    opener.addEventListener("keydown", (event) => {
      if (event.key === " ") {  // a button opens with Space too
        event.preventDefault();
        open();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault();
        open();
      }
    });
    dialog.querySelector("[data-hubia-fermer]").addEventListener("click", () => dialog.close());
    all.addEventListener("click", (event) => {
      event.preventDefault();
      toSearchPage();
    });
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) dialog.close();  // a click on the backdrop
      else if (event.target instanceof Element && event.target.closest("a")) dialog.close();
    });
    dialog.addEventListener("close", () => {
      const back = previous && previous.isConnected ? previous : opener;
      previous = null;
      back.focus();
    });
    input.addEventListener("input", () => { search(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {  // closes at once, where a search field would clear first
        event.preventDefault();
        dialog.close();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      toSearchPage();
    });
    arrowKeys(input, list);
  }

  /* ---- The « Rechercher » page ----------------------------------------------------------- */

  function setUpPage() {
    const page = document.querySelector("[data-hubia-recherche]");
    if (!page) return;
    page.querySelectorAll("[data-hubia-sans-js]").forEach((note) => { note.hidden = true; });
    const facets = JSON.parse(page.dataset.facettes);
    const form = page.querySelector("form");
    const input = page.querySelector("#hubia-q");
    const sort = page.querySelector("#hubia-tri");
    const facetBox = page.querySelector("[data-hubia-facettes]");
    const clear = page.querySelector("[data-hubia-effacer]");
    const fold = page.querySelector("[data-hubia-bascule]");
    const status = page.querySelector("[data-hubia-etat]");
    const list = page.querySelector("[data-hubia-resultats]");
    const more = page.querySelector("[data-hubia-plus]");
    const selected = Object.fromEntries(facets.map((facet) => [facet.cle, new Set()]));
    const boxes = new Map();  // "key\u0000value" → the <li> holding its checkbox
    let results = [];
    let shown = 0;
    let searches = 0;
    let sortChosen = false;
    let timer = null;

    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    if (params.get("tri") in SORTS) {
      sort.value = params.get("tri");
      sortChosen = true;
    }
    for (const facet of facets) {
      for (const value of params.getAll(facet.cle)) selected[facet.cle].add(value);
    }

    function term() {
      return input.value.trim();
    }

    /* Without words, relevance means nothing: the most recent come first. */
    function syncSort() {
      const relevance = sort.querySelector("option[value='']");
      relevance.disabled = !term();
      if (!term() && sort.value === "") sort.value = "recent";
      if (term() && !sortChosen && sort.value === "recent") sort.value = "";
    }

    /* Values of one facet are alternatives (any); facets add up. */
    function filters(except = null) {
      const found = {};
      for (const [key, values] of Object.entries(selected)) {
        if (key !== except && values.size) found[key] = { any: [...values] };
      }
      return found;
    }

    function ordered(facet, values) {
      if (facet.ordre === "fixed") {
        const rank = (value) => {
          const index = facet.valeurs.indexOf(value);
          return index < 0 ? facet.valeurs.length : index;
        };
        return values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "fr"));
      }
      if (facet.ordre === "desc") return values.sort((a, b) => b.localeCompare(a, "fr"));
      return values.sort((a, b) => a.localeCompare(b, "fr", { sensitivity: "base" }));
    }

    function buildFacets(available) {
      facetBox.replaceChildren();
      facets.forEach((facet, index) => {
        const values = Object.keys(available[facet.cle] || {});
        if (!values.length) return;
        // Hidden until the first counts: a value that gives nothing must not be reachable
        // with Tab for an instant, then vanish under the focus.
        const fieldset = element("fieldset", { class: "hubia-facette", "data-cle": facet.cle,
          hidden: true }, element("legend", {}, facet.libelle));
        const items = element("ul", {});
        ordered(facet, values).forEach((value, position) => {
          const id = `hubia-f${index}-${position}`;
          const box = element("input", { type: "checkbox", id, value });
          box.checked = selected[facet.cle].has(value);
          box.addEventListener("change", () => {
            if (box.checked) selected[facet.cle].add(value);
            else selected[facet.cle].delete(value);
            run();
          });
          const count = element("span", { class: "hubia-facette__nombre" });
          const item = element("li", { hidden: true },
            box, element("label", { for: id }, `${value} `, count));
          boxes.set(`${facet.cle}\u0000${value}`, item);
          items.append(item);
        });
        fieldset.append(element("div", { class: "hubia-facette__valeurs" }, items));
        facetBox.append(fieldset);
      });
    }

    /* Counts show what ticking a value would give; a value giving nothing is hidden. */
    function updateFacets(counts) {
      for (const [id, item] of boxes) {
        const [key, value] = id.split("\u0000");
        const count = (counts[key] || {})[value] || 0;
        const box = item.querySelector("input");
        item.querySelector(".hubia-facette__nombre").textContent = `(${count})`;
        item.hidden = count === 0 && !box.checked;
      }
      for (const fieldset of facetBox.querySelectorAll("fieldset")) {
        fieldset.hidden = ![...fieldset.querySelectorAll("li")].some((item) => !item.hidden);
      }
      const ticked = Object.values(selected).reduce((sum, values) => sum + values.size, 0);
      clear.hidden = ticked === 0;
      fold.dataset.choisis = ticked ? ` (${plural(ticked, "choisi", "choisis")})` : "";
      labelFold();
    }

    function labelFold() {
      const open = fold.getAttribute("aria-expanded") === "true";
      const ticked = fold.dataset.choisis || "";
      fold.textContent = `${open ? "Masquer" : "Afficher"} les filtres${ticked}`;
    }

    function updateUrl() {
      const url = new URL(location.href);
      url.search = "";
      if (term()) url.searchParams.set("q", term());
      if (sortChosen && sort.value) url.searchParams.set("tri", sort.value);
      for (const [key, values] of Object.entries(selected)) {
        for (const value of values) url.searchParams.append(key, value);
      }
      history.replaceState(history.state, "", url);
    }

    function describe(count) {
      const filtered = Object.values(selected).some((values) => values.size);
      if (count === 0) {
        return (term() ? `Aucun résultat pour « ${term()} »` : "Aucune page")
          + (filtered ? " avec ces filtres : retirez-en un ou essayez d'autres mots."
            : " : vérifiez l'orthographe ou essayez d'autres mots.");
      }
      let text = plural(count, "résultat", "résultats");
      if (term()) text += ` pour « ${term()} »`;
      if (filtered) text += " avec les filtres choisis";
      if (sort.value === "recent") text += ", des plus récents aux plus anciens";
      if (sort.value === "ancien") text += ", des plus anciens aux plus récents";
      return `${text}.`;
    }

    async function showMore(moveFocus) {
      if (results === null) {  // the newest pages written into the page: search now
        const before = shown;
        await run();
        while (results && shown < Math.min(before + PAGE_SIZE, results.length)) {
          const count = shown;
          await showMore(false);
          if (shown === count) break;  // a newer search took over
        }
        const item = list.children[before];
        if (moveFocus && item) item.querySelector("a").focus();
        return;
      }
      const next = results.slice(shown, shown + PAGE_SIZE);
      const id = searches;
      const data = await Promise.all(next.map((result) => result.data()));
      if (id !== searches) return;
      const items = data.map((item) => resultItem(item, 3, term()));
      list.append(...items);
      shown += next.length;
      more.hidden = shown >= results.length;
      const remaining = Math.min(PAGE_SIZE, results.length - shown);
      more.textContent = `Afficher ${plural(remaining, "résultat", "résultats")} de plus`;
      if (moveFocus && items.length) items[0].querySelector("a").focus();
    }

    async function run() {
      const id = ++searches;
      syncSort();
      updateUrl();
      try {
        const api = await pagefind();
        if (!boxes.size) buildFacets(await api.filters());
        const words = term() || null;
        const options = { filters: filters() };
        if (SORTS[sort.value]) options.sort = SORTS[sort.value];
        const found = await api.search(words, options);
        // A facet's own counts ignore its own ticked values, which are alternatives.
        const counts = { ...found.filters };
        for (const [key, values] of Object.entries(selected)) {
          if (!values.size) continue;
          counts[key] = (await api.search(words, { filters: filters(key) })).filters[key];
        }
        if (id !== searches) return;
        results = found.results;
        shown = 0;
        list.replaceChildren();
        await showMore(false);
        if (id !== searches) return;
        updateFacets(counts);
        status.textContent = describe(results.length);
      } catch (error) {
        status.textContent = "La recherche n'a pas pu être chargée. Réessayez plus tard.";
        throw error;
      }
    }

    /* Without words or filters, the page already shows its newest pages (written by hubia):
       only the facets are loaded (a few small files). Pagefind lists every page only when
       the reader asks for more, as it then loads its whole index. */
    async function recent() {
      const id = ++searches;
      syncSort();
      results = null;
      shown = list.children.length;
      try {
        const api = await pagefind();
        const available = await api.filters();
        if (id !== searches) return;
        buildFacets(available);
        updateFacets(available);
        const total = Object.values(available.type || {}).reduce((sum, n) => sum + n, 0);
        more.hidden = total <= shown;
        more.textContent = `Afficher ${plural(Math.min(PAGE_SIZE, total - shown), "résultat",
          "résultats")} de plus`;
        status.textContent = "Les pages les plus récentes d'abord ; tapez un mot ou choisissez "
          + "un filtre pour chercher.";
      } catch (error) {
        status.textContent = "La recherche n'a pas pu être chargée. Réessayez plus tard.";
        throw error;
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    sort.addEventListener("change", () => {
      sortChosen = true;
      run();
    });
    clear.addEventListener("click", () => {
      for (const values of Object.values(selected)) values.clear();
      for (const box of facetBox.querySelectorAll("input")) box.checked = false;
      run();
      input.focus();
    });
    more.addEventListener("click", () => { showMore(true); });
    fold.addEventListener("click", () => {
      const open = fold.getAttribute("aria-expanded") !== "true";
      fold.setAttribute("aria-expanded", String(open));
      page.querySelector(".hubia-facettes__liste").classList.toggle("hubia-deplie", open);
      labelFold();
    });
    page.addEventListener("hubia-recherche", (event) => {
      input.value = event.detail;
      run();
      input.focus();
    });
    const filtered = Object.values(selected).some((values) => values.size);
    if (!term() && !filtered && sort.value !== "ancien" && list.children.length) recent();
    else run();
  }

  function init() {
    setUpDialog();
    setUpPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
