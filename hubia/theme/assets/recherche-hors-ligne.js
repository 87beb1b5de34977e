/*
 * Search of the offline edition (pages opened from file://), on the « Rechercher » page.
 *
 * Browsers refuse fetch() on file:// but still run scripts: the index is a script,
 * theme/index-hors-ligne.js, that sets window.HUBIA_INDEX_HORS_LIGNE to
 * [{titre, adresse (from the site root), texte}]. Every word must appear in the title or the
 * text, accents and case aside; pages whose title holds the words come first. Contributed text
 * is only ever set with textContent. On any other page this script does nothing.
 */
(() => {
  "use strict";

  const ROOT = new URL("../", document.currentScript.src);
  const SHOWN = 20;
  const BEFORE = 60; // characters of the excerpt before the first match
  const LENGTH = 220;

  /* "Réemploi" → "reemploi": lowercase, accents removed. */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(query) {
    return fold(query).split(/[\s'’.,;:!?()«»"-]+/).filter(Boolean);
  }

  /* Without the headings' permalink signs, which the page text carries along. */
  function clean(text) {
    return String(text || "").replace(/\s*¶/g, "").trim();
  }

  function plural(count) {
    return `${count.toLocaleString("fr-FR")} ${count > 1 ? "résultats" : "résultat"}`;
  }

  /* Where `word` starts in `text` itself: folding one character at a time keeps the
     positions of the original text, whatever its accents. */
  function position(text, word) {
    let folded = "";
    const starts = [];
    for (let i = 0; i < text.length; i++) {
      const part = fold(text[i]);
      for (let j = 0; j < part.length; j++) starts.push(i);
      folded += part;
    }
    const found = folded.indexOf(word);
    if (found < 0) return null;
    const end = found + word.length;
    return [starts[found], end < starts.length ? starts[end] : text.length];
  }

  /* A short passage around the first word found in the text, the match in <mark>. */
  function excerpt(text, wanted) {
    const paragraph = document.createElement("p");
    paragraph.className = "hubia-resultat__extrait";
    let match = null;
    for (const word of wanted) {
      match = position(text, word);
      if (match) break;
    }
    if (!match) {
      paragraph.textContent = text.length > LENGTH ? `${text.slice(0, LENGTH).trimEnd()}…` : text;
      return paragraph;
    }
    let start = Math.max(0, match[0] - BEFORE);
    const space = text.indexOf(" ", start);
    if (start > 0 && space >= 0 && space < match[0]) start = space + 1; // from a word's start
    let end = Math.min(text.length, Math.max(start + LENGTH, match[1]));
    const last = text.lastIndexOf(" ", end);
    if (end < text.length && last > match[1]) end = last; // to a word's end
    const mark = document.createElement("mark");
    mark.textContent = text.slice(match[0], match[1]);
    paragraph.append(start > 0 ? "…" : "", text.slice(start, match[0]), mark,
      text.slice(match[1], end), end < text.length ? "…" : "");
    return paragraph;
  }

  function setUp(page, data) {
    const form = page.querySelector("form");
    const input = page.querySelector("#hubia-q");
    const status = page.querySelector("[data-hubia-etat]");
    const list = page.querySelector("[data-hubia-resultats]");
    const entries = data.map((entry) => ({
      titre: clean(entry.titre),
      texte: clean(entry.texte),
      adresse: new URL(String(entry.adresse || ""), ROOT),
    })).filter((entry) => entry.adresse.href.startsWith(ROOT.href)); // links stay in the hub
    for (const entry of entries) {
      // The text starts with the title: the excerpt shows what comes after it.
      if (entry.texte.startsWith(entry.titre)) entry.texte = entry.texte.slice(entry.titre.length).trim();
      entry.titreReplie = fold(entry.titre);
      entry.tout = `${entry.titreReplie} ${fold(entry.texte)}`;
    }
    let timer = null;

    function item(entry, wanted) {
      const li = document.createElement("li");
      li.className = "hubia-resultat";
      const link = document.createElement("a");
      link.className = "hubia-resultat__titre";
      link.href = entry.adresse.href;
      link.textContent = entry.titre || entry.adresse.pathname;
      li.append(link, excerpt(entry.texte, wanted));
      return li;
    }

    function keepInAddress(query) {
      try { // file:// pages may refuse it: the search works all the same
        const url = new URL(location.href);
        if (query) url.searchParams.set("q", query);
        else url.searchParams.delete("q");
        history.replaceState(history.state, "", url);
      } catch (error) {
        /* nothing to do */
      }
    }

    function run() {
      clearTimeout(timer);
      const query = input.value.trim();
      const wanted = words(query);
      keepInAddress(query);
      if (!wanted.length) {
        list.replaceChildren();
        status.textContent = "Tapez un ou plusieurs mots.";
        return;
      }
      const found = entries
        .map((entry, index) => ({ entry, index,
          title: wanted.filter((word) => entry.titreReplie.includes(word)).length }))
        .filter(({ entry }) => wanted.every((word) => entry.tout.includes(word)))
        .sort((a, b) => b.title - a.title || a.index - b.index);
      list.replaceChildren(...found.slice(0, SHOWN).map(({ entry }) => item(entry, wanted)));
      if (!found.length) {
        status.textContent = `Aucun résultat pour « ${query} » : vérifiez l'orthographe ou `
          + "essayez d'autres mots.";
      } else {
        status.textContent = `${plural(found.length)} pour « ${query} »`
          + (found.length > SHOWN ? `, les ${SHOWN} premiers ci-dessous.` : ".");
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    input.value = new URLSearchParams(location.search).get("q") || input.value;
    run();
  }

  function init() {
    const page = document.querySelector("[data-hubia-recherche]");
    if (!page) return;
    // No facets, no sort, no Pagefind offline: only the words.
    for (const hidden of page.querySelectorAll(".hubia-facettes, .hubia-recherche__tri, "
      + "[data-hubia-sans-js], [data-hubia-plus]")) {
      hidden.hidden = true;
    }
    const status = page.querySelector("[data-hubia-etat]");
    const failed = () => {
      status.textContent = "La recherche n'a pas pu être chargée : le fichier de l'index "
        + "manque dans le dossier du hub.";
    };
    const loaded = () => {
      if (Array.isArray(window.HUBIA_INDEX_HORS_LIGNE)) setUp(page, window.HUBIA_INDEX_HORS_LIGNE);
      else failed();
    };
    if (window.HUBIA_INDEX_HORS_LIGNE) {
      loaded();
      return;
    }
    const script = document.createElement("script");
    script.src = new URL("theme/index-hors-ligne.js", ROOT).href;
    script.addEventListener("load", loaded);
    script.addEventListener("error", failed);
    document.head.append(script);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
