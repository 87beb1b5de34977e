/* Hub IA, every page: the main menu's button on narrow screens, and the glossary tooltips.
 *
 * Without JavaScript the menu is always shown and its button stays hidden. Only Escape is
 * listened to: no single-key shortcut anywhere (RGAA 12.10).
 */
(function () {
  "use strict";

  // The same width as the stylesheet's breakpoint, where the menu collapses.
  var narrow = window.matchMedia("(max-width: 59.99em)");

  function setUpMenu() {
    var button = document.querySelector("[data-hubia-menu]");
    var menu = document.getElementById("hubia-menu");
    if (!button || !menu) {
      return;
    }
    function show(open) {
      menu.classList.toggle("hubia-menu--replie", !open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }
    button.hidden = false; // the stylesheet hides it again on wide screens
    show(!narrow.matches);
    button.addEventListener("click", function () {
      show(!isOpen());
    });
    function closeOnEscape(event) {
      if (event.key === "Escape" && narrow.matches && isOpen()) {
        show(false);
        button.focus();
      }
    }
    menu.addEventListener("keydown", closeOnEscape);
    button.addEventListener("keydown", closeOnEscape);
    // Wide: always open (the button is hidden); narrow again: folded, out of the way.
    function resized() {
      show(!narrow.matches);
    }
    if (narrow.addEventListener) {
      narrow.addEventListener("change", resized);
    } else {
      narrow.addListener(resized); // Safari before 14
    }
  }

  // Glossary tooltips (CSS, on hover and focus) close with Escape and come back on the next
  // focus or hover of a term (WCAG 1.4.13: dismissible without moving the focus).
  var root = document.documentElement;
  function term(event) {
    return event.target instanceof Element && event.target.closest(".hubia-terme");
  }
  function showTooltips(event) {
    if (term(event)) {
      root.classList.remove("hubia-infobulles-masquees");
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      root.classList.add("hubia-infobulles-masquees");
    }
  });
  document.addEventListener("focusin", showTooltips);
  document.addEventListener("mouseover", showTooltips);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpMenu);
  } else {
    setUpMenu();
  }
})();
