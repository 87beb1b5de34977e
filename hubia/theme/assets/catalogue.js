/* Hub IA: funding simulator of the catalogue pages, and the « Imprimer » button.
 *
 * The rate and the ceiling come from the form's data-taux and data-plafond attributes, which
 * hubia writes from data/programme.yml: no other source of figures here. Amounts are computed
 * in integer cents (BigInt) with the rule of hubia/funding.py: share = cost × rate rounded to
 * the cent (half a cent up), capped by the ceiling; remainder = cost − share. Without
 * JavaScript the form stays hidden and the page shows the table of reference costs.
 */
(function () {
  "use strict";

  var MAX_SITES = 1000n;
  var MAX_CENTS = 10000000000n; // 100 000 000 €

  /* "12000.5" → 1200050n; null unless a non-negative amount with at most two decimals. */
  function cents(text) {
    var match = /^\s*(\d+)(?:[.,](\d{0,2}))?\s*$/.exec(text);
    if (!match) {
      return null;
    }
    var fraction = ((match[2] || "") + "00").slice(0, 2);
    return BigInt(match[1]) * 100n + BigInt(fraction);
  }

  /* "0.5" → {num: 5n, den: 10n} */
  function fraction(text) {
    var match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!match) {
      return null;
    }
    var decimals = match[2] || "";
    return { num: BigInt(match[1] + decimals), den: 10n ** BigInt(decimals.length) };
  }

  function share(costCents, rate, ceilingCents) {
    // Half a cent rounds up: floor((2 × cost × num + den) / (2 × den)).
    var value = (2n * costCents * rate.num + rate.den) / (2n * rate.den);
    return ceilingCents !== null && value > ceilingCents ? ceilingCents : value;
  }

  var formats = {};
  function euros(amount) {
    var decimals = amount % 100n === 0n ? 0 : 2;
    if (!formats[decimals]) {
      formats[decimals] = new Intl.NumberFormat("fr-FR", {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      });
    }
    return formats[decimals].format(Number(amount) / 100) + "\u00a0€";
  }

  function setup(form) {
    var rate = fraction(form.dataset.taux || "");
    var ceiling = form.dataset.plafond ? cents(form.dataset.plafond) : null;
    var funder = form.dataset.porteur || ""; // « la Métropole », from data/communes.yml
    if (!rate) {
      return; // no readable rate: the form stays hidden
    }
    var inputs = {
      sites: form.elements.namedItem("sites"),
      investissement: form.elements.namedItem("investissement"),
      fonctionnement: form.elements.namedItem("fonctionnement"),
    };
    var message = form.querySelector('[data-resultat="message"]');

    function show(name, value) {
      form.querySelector('[data-resultat="' + name + '"]').textContent =
        value === null ? "—" : euros(value);
    }

    function invalid(input, text) {
      input.setAttribute("aria-invalid", "true");
      return text;
    }

    function update(announce) {
      Object.keys(inputs).forEach(function (key) {
        inputs[key].removeAttribute("aria-invalid");
      });
      var error = null;
      var sites = /^\s*\d+\s*$/.test(inputs.sites.value) ? BigInt(inputs.sites.value.trim()) : null;
      var invest = cents(inputs.investissement.value);
      var running = cents(inputs.fonctionnement.value);
      if (sites === null || sites < 1n || sites > MAX_SITES) {
        error = invalid(inputs.sites, "Indiquez un nombre entier de sites, de 1 à 1 000.");
      } else if (invest === null || invest > MAX_CENTS) {
        error = invalid(inputs.investissement,
          "Indiquez l'investissement par site en euros, par exemple 12000 ou 12000,50.");
      } else if (running === null || running > MAX_CENTS) {
        error = invalid(inputs.fonctionnement,
          "Indiquez le fonctionnement annuel par site en euros, par exemple 3000.");
      }
      if (error) {
        ["investissement", "fonctionnement"].forEach(function (key) {
          show(key + "-cout", null);
          show(key + "-part", null);
          show(key + "-reste", null);
        });
        message.textContent = error;
        return;
      }
      var investTotal = sites * invest;
      var runningTotal = sites * running;
      var investShare = share(investTotal, rate, ceiling);
      var runningShare = share(runningTotal, rate, ceiling);
      show("investissement-cout", investTotal);
      show("investissement-part", investShare);
      show("investissement-reste", investTotal - investShare);
      show("fonctionnement-cout", runningTotal);
      show("fonctionnement-part", runningShare);
      show("fonctionnement-reste", runningTotal - runningShare);
      if (!announce) {
        message.textContent = ""; // the summary of the previous figures is out of date
        return;
      }
      message.textContent =
        "Pour " + sites + (sites > 1n ? " sites" : " site") + " : investissement de " +
        euros(investTotal) + ", dont " + euros(investShare) + " financés par " + funder + " et " +
        euros(investTotal - investShare) + " à la charge de la commune ; fonctionnement de " +
        euros(runningTotal) + " par an (part indicative " + form.dataset.porteurDe + " : " +
        euros(runningShare) + ", reste à charge : " + euros(runningTotal - runningShare) + ").";
    }

    // The table follows each keystroke; the spoken summary only a finished entry.
    form.addEventListener("input", function () {
      update(false);
    });
    form.addEventListener("change", function () {
      update(true);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update(true);
    });
    form.hidden = false;
    document.querySelectorAll("[data-hubia-sans-js]").forEach((note) => { note.hidden = true; });
    update(false);
  }

  function init() {
    document.querySelectorAll("form.hubia-simulateur").forEach(setup);
    document.querySelectorAll("button[data-hubia-imprimer]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  // Deferred on site pages; at the end of the body on the printable summary.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
