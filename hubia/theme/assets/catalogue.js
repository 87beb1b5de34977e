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

    var rules = {
      sites: function (text) {
        var ok = /^\s*\d+\s*$/.test(text);
        var value = ok ? BigInt(text.trim()) : null;
        return value !== null && value >= 1n && value <= MAX_SITES ? value : null;
      },
      investissement: function (text) {
        var value = cents(text);
        return value !== null && value <= MAX_CENTS ? value : null;
      },
      fonctionnement: function (text) {
        var value = cents(text);
        return value !== null && value <= MAX_CENTS ? value : null;
      },
    };
    var problems = {
      sites: "Indiquez un nombre entier de sites, de 1 à 1 000.",
      investissement: "Indiquez l'investissement par site en euros, par exemple 12000 ou 12000,50.",
      fonctionnement: "Indiquez le fonctionnement annuel par site en euros, par exemple 3000.",
    };
    var labels = {
      sites: "nombre de sites",
      investissement: "investissement par site",
      fonctionnement: "fonctionnement annuel par site",
    };

    /* Flag or clear one field; its message sits in an element that aria-describedby names,
       so that it is read with the field. Every wrong field is flagged, not only the first. */
    function mark(key, wrong) {
      var input = inputs[key];
      var note = form.querySelector('[data-erreur="' + key + '"]');
      if (wrong) {
        input.setAttribute("aria-invalid", "true");
        note.textContent = problems[key];
      } else {
        input.removeAttribute("aria-invalid");
        note.textContent = "";
      }
    }

    /* The figures follow each keystroke. `finished` (the field was left, or the form sent)
       flags every wrong field and says the result once in the live region; while the person
       types, a corrected field is cleared but nothing is flagged or announced. */
    function update(finished, sent) {
      var values = {};
      var wrong = [];
      Object.keys(inputs).forEach(function (key) {
        values[key] = rules[key](inputs[key].value);
        if (values[key] === null) {
          wrong.push(key);
        }
        if (finished || values[key] !== null) {
          mark(key, finished && values[key] === null);
        }
      });
      if (wrong.length) {
        ["investissement", "fonctionnement"].forEach(function (key) {
          show(key + "-cout", null);
          show(key + "-part", null);
          show(key + "-reste", null);
        });
        if (finished) {
          say(wrong.length === 1
            ? "Un champ est à corriger : " + labels[wrong[0]] + ". " + problems[wrong[0]]
            : wrong.length + " champs sont à corriger : " +
              wrong.map(function (key) { return labels[key]; }).join(", ") + ".");
          if (sent) {
            inputs[wrong[0]].focus();
          }
        }
        return;
      }
      var sites = values.sites;
      var investTotal = sites * values.investissement;
      var runningTotal = sites * values.fonctionnement;
      var investShare = share(investTotal, rate, ceiling);
      var runningShare = share(runningTotal, rate, ceiling);
      show("investissement-cout", investTotal);
      show("investissement-part", investShare);
      show("investissement-reste", investTotal - investShare);
      show("fonctionnement-cout", runningTotal);
      show("fonctionnement-part", runningShare);
      show("fonctionnement-reste", runningTotal - runningShare);
      if (!finished) {
        return; // the live region is left alone while the person types
      }
      say("Pour " + sites + (sites > 1n ? " sites" : " site") + " : investissement de " +
        euros(investTotal) + ", dont " + euros(investShare) + " financés par " + funder + " et " +
        euros(investTotal - investShare) + " à la charge de la commune ; fonctionnement de " +
        euros(runningTotal) + " par an (part indicative " + form.dataset.porteurDe + " : " +
        euros(runningShare) + ", reste à charge : " + euros(runningTotal - runningShare) + ").");
    }

    /* One change of the live region per finished entry: the same text is not written again. */
    function say(text) {
      if (message.textContent !== text) {
        message.textContent = text;
      }
    }

    // A field left after an edit is checked and said at once, unless the focus goes to the
    // « Calculer » button: the submit says it, and messages appearing under the fields at
    // that moment would move the button away from the pointer before the click ends.
    var edited = false;
    form.addEventListener("input", function () {
      edited = true;
      update(false, false);
    });
    form.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (!edited || (next && next.type === "submit" && form.contains(next))) {
        return;
      }
      edited = false;
      update(true, false);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      edited = false;
      update(true, true);
    });
    form.hidden = false;
    document.querySelectorAll("[data-hubia-sans-js]").forEach((note) => { note.hidden = true; });
    update(false, false);
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
