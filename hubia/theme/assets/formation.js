/* Hub IA : « vue formateur » et bouton d'impression des supports de formation.
 *
 * The trainer notes of a track are in the page, hidden (`hidden` attribute) until the trainer
 * turns the trainer view on; the choice is remembered in localStorage for every page. Without
 * JavaScript the notes stay hidden and the buttons are not shown. No inline script anywhere:
 * this file is listed in extra_javascript (strict Content-Security-Policy friendly).
 */
(function () {
  "use strict";

  var KEY = "hubia-vue-formateur";

  function remembered() {
    try {
      return window.localStorage.getItem(KEY) === "oui";
    } catch (error) {
      return false; // storage disabled: the public view
    }
  }

  function remember(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "oui");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* storage disabled: the choice lasts for this page only */
    }
  }

  function apply(on) {
    document.querySelectorAll("[data-hubia-notes-formateur]").forEach(function (notes) {
      notes.hidden = !on;
    });
    document.querySelectorAll("[data-hubia-vue-formateur]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.documentElement.classList.toggle("hubia-vue-formateur", on);
  }

  function ready(button) {
    button.hidden = false;
    if (button.hasAttribute("data-hubia-pret")) {
      return false;
    }
    button.setAttribute("data-hubia-pret", "");
    return true;
  }

  function init() {
    document.querySelectorAll("[data-hubia-vue-formateur]").forEach(function (button) {
      if (ready(button)) {
        button.addEventListener("click", function () {
          var on = button.getAttribute("aria-pressed") !== "true";
          remember(on);
          apply(on);
        });
      }
    });
    document.querySelectorAll("[data-hubia-imprimer]").forEach(function (button) {
      if (ready(button)) {
        button.addEventListener("click", function () {
          window.print();
        });
      }
    });
    apply(remembered());
  }

  // Glossary tooltips (Material's, on hover and keyboard focus) close with Escape and come
  // back on the next focus or hover (WCAG 1.4.13: dismissible without moving the focus).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.documentElement.classList.add("hubia-infobulles-masquees");
    }
  });
  function showTooltips() {
    document.documentElement.classList.remove("hubia-infobulles-masquees");
  }
  document.addEventListener("focusin", showTooltips);
  document.addEventListener("mouseover", function (event) {
    if (event.target.closest && event.target.closest(".hubia-terme")) {
      showTooltips();
    }
  });

  // Material's document$ also fires after instant navigation, when that feature is on.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
