// The money panel's "after this" figures follow the amount as it is typed
// (templates/includes/money_panel.html, projects/presenting.py `After`). The amount is read the way
// khuyencong/vnformat.py `parse_dong` reads it: "150.000.000", "150000000", "150 triệu", "1,5 tỷ",
// "1 tỷ 200 triệu". What it cannot read, or could read two ways ("1.500 tỷ"), shows "—": the server
// says why on saving, and decides. Without this script the panel shows what the server worked out.
(function () {
  "use strict";
  if (typeof BigInt !== "function") { return; }
  var UNITS = { ty: "1000000000", ti: "1000000000", trieu: "1000000", tr: "1000000", nghin: "1000", ngan: "1000" };
  var CURRENCY = /\s*(?:dong|vnd|d|\u20ab)\.?$/;
  var GROUPED = /^[1-9][0-9]{0,2}(?:([ .,])[0-9]{3})(?:\1[0-9]{3})*$/;
  var DECIMAL = /^([0-9]+|[1-9][0-9]{0,2}(?:([ .,])[0-9]{3})(?:\2[0-9]{3})*)([.,])([0-9]+)$/;
  var LONGEST = 60;

  // vntext.fold: lower case, no diacritics, đ → d, white space collapsed.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐðÐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  // One number as an exact fraction [numerator, denominator]; null when it cannot be read, or
  // when the one mark before three digits of a unit amount could be a thousands or a decimal mark.
  function number(text, unit) {
    if (/^[0-9]+$/.test(text)) { return [BigInt(text), BigInt(1)]; }
    var grouped = GROUPED.exec(text);
    if (grouped) {
      var mark = grouped[1];
      var oneMark = (mark === "." || mark === ",") && text.split(mark).length === 2;
      if (unit !== null && oneMark) { return null; }  // ambiguous: the server asks which
      return [BigInt(text.replace(/[ .,]/g, "")), BigInt(1)];
    }
    var decimal = DECIMAL.exec(text);
    if (decimal && decimal[3] !== decimal[2] && unit !== null) {
      var whole = decimal[1].replace(/[ .,]/g, "");
      return [BigInt(whole + decimal[4]), BigInt("1" + "0".repeat(decimal[4].length))];
    }
    return null;
  }

  // Whole đồng as a BigInt, or null.
  function parseDong(typed) {
    var folded = fold(typed);
    if (!folded || folded.length > LONGEST) { return null; }
    folded = folded.replace(CURRENCY, "");
    var part = /([0-9]+(?:[., ][0-9]+)*)\s*([a-z]*)\s*/y;
    var parts = [];
    part.lastIndex = 0;
    while (part.lastIndex < folded.length) {
      var at = part.lastIndex, match = part.exec(folded);
      if (!match || part.lastIndex === at) { return null; }
      parts.push([match[1], match[2]]);
    }
    if (!parts.length) { return null; }
    var total = BigInt(0), previous = null;
    for (var i = 0; i < parts.length; i++) {
      var word = parts[i][1];
      if (word && !Object.prototype.hasOwnProperty.call(UNITS, word)) { return null; }
      var unit = word ? BigInt(UNITS[word]) : null;
      if (unit === null && parts.length > 1) { return null; }  // "1 tỷ 200": which unit?
      var value = number(parts[i][0], unit);
      if (value === null) { return null; }
      var scaled = value[0] * (unit || BigInt(1));
      if (scaled % value[1] !== BigInt(0)) { return null; }  // đồng has no minor unit
      scaled = scaled / value[1];
      // Larger units first, each part less than one of the unit before ("1 tỷ 200 triệu").
      if (previous !== null && (unit >= previous || scaled >= previous)) { return null; }
      total += scaled;
      previous = unit;
    }
    return total;
  }

  function grouped(amount, thousands) {
    var sign = amount < BigInt(0) ? "-" : "";
    var digits = (amount < BigInt(0) ? -amount : amount).toString();
    return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  }

  // base + factor × amount, the factor an exact decimal ("-1", "0.4", "0.3333"), cut toward zero
  // as the server's int() does.
  function after(base, factor, amount) {
    var negative = factor.charAt(0) === "-";
    var digits = factor.replace("-", "").split(".");
    var scale = BigInt("1" + "0".repeat((digits[1] || "").length));
    var product = BigInt(digits[0] + (digits[1] || "")) * amount / scale;
    return BigInt(base) + (negative ? -product : product);
  }

  function kindOf(form) {
    if (!form) { return ""; }
    var kind = form.querySelector("[name=kind]");
    var value = kind ? kind.value : "";
    var lowers = form.querySelector("[name=lowers]");
    return value === "settlement" && lowers && lowers.checked ? value + ":lowers" : value;
  }

  function typedIn(name) {
    var input = document.querySelector("main [name='" + name + "']");
    return input ? { input: input, amount: parseDong(input.value) } : null;
  }

  function refresh() {
    document.querySelectorAll("[data-money-after]").forEach(function (figure) {
      var typed = typedIn(figure.dataset.field);
      var output = figure.querySelector("output");
      if (!typed || !output) { return; }
      if (typed.amount === null || figure.dataset.base === "") { output.textContent = "—"; return; }
      var factors = JSON.parse(figure.dataset.factors || "{}");
      var factor = factors[kindOf(typed.input.form)] || figure.dataset.factor;
      output.textContent = grouped(after(figure.dataset.base, factor, typed.amount), figure.dataset.thousands) + " đ";
    });
    // Figures inside a note ("70% of 150.000.000 đ"), the unit already in the note's text.
    document.querySelectorAll("output[data-follows]").forEach(function (output) {
      var typed = typedIn(output.dataset.follows);
      if (!typed) { return; }
      if (typed.amount === null) { output.textContent = "—"; return; }
      var value = after(output.dataset.base, output.dataset.factor, typed.amount);
      if (output.dataset.floor !== undefined && value < BigInt(output.dataset.floor)) {
        value = BigInt(output.dataset.floor);
      }
      output.textContent = grouped(value, output.dataset.thousands);
    });
    // A limit passed is said at once; the server refuses it on saving all the same.
    document.querySelectorAll("[data-money-over]").forEach(function (over) {
      var typed = typedIn(over.dataset.overField);
      if (!typed) { return; }
      over.hidden = !(typed.amount !== null && over.dataset.limit !== "" && typed.amount > BigInt(over.dataset.limit));
    });
  }

  // The approval form's batch line follows the batch chosen: the server gives, for each batch the
  // select offers, what the line says and the room the support must fit in (presenting._batch_figures).
  function chooseBatch(select) {
    var line = document.querySelector("[data-money-choices]");
    if (!line) { return; }
    var choices = JSON.parse(line.dataset.moneyChoices);
    var figures = choices[select.value] || choices[""];  // "": no batch chosen
    var limit = figures.base === null ? "" : String(figures.base);
    var dd = line.nextElementSibling;
    var after = dd.querySelector("[data-money-after]");
    var over = dd.querySelector("[data-money-over]");
    var note = dd.querySelector("[data-money-note]");
    line.querySelector("[data-money-label]").textContent = figures.label;
    dd.querySelector("[data-money-value]").textContent = figures.value;
    if (note) { note.textContent = figures.note; }
    if (after) { after.dataset.base = limit; }
    if (over) {
      over.dataset.limit = limit;
      over.textContent = figures.over;
    }
  }

  // For the test that holds this reader to the server's (projects/tests/test_money_panel_browser.py).
  window.khuyencongMoney = { parseDong: parseDong };

  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("main form")) { refresh(); }
  });
  // On first load too: with several batches offered and none chosen, the line names none of them (the
  // server drew it for the first). With one batch offered, the line already names the only one.
  function start() {
    var select = document.querySelector("main form select[name=batch]");
    var offered = select ? Array.prototype.filter.call(select.options, function (o) { return o.value; }) : [];
    if (select && (select.value || offered.length > 1)) { chooseBatch(select); refresh(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("change", function (e) {
    if (!(e.target.closest && e.target.closest("main form"))) { return; }
    if (e.target.name === "batch") { chooseBatch(e.target); }
    refresh();
  });
})();
