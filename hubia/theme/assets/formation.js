/* Hub IA: the trainer view (« vue formateur ») and the print button of course material.
 *
 * The trainer notes of a track are in the page, hidden (`hidden` attribute) until the trainer
 * turns the trainer view on; the choice is remembered in localStorage for every page. Without
 * JavaScript the notes stay hidden and the buttons are not shown. A script file, nothing
 * inline: the Content-Security-Policy stays strict.
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

  function init() {
    document.querySelectorAll("[data-hubia-vue-formateur]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        remember(on);
        apply(on);
      });
    });
    document.querySelectorAll("[data-hubia-imprimer]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
    apply(remembered());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
