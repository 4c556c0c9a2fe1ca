/* tourplanner: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Copy the share link; the URL stays visible in its field for those who copy by hand.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { if (status) { status.textContent = "Link copied."; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* the field is selected: Ctrl+C */ }
      }
    });
  });
  // Drag a visit onto another day: fills that visit's "Move to" form (same time of day) and sends it.
  // The form itself works without JavaScript; this is only a shortcut to it.
  var dragged = null;
  document.querySelectorAll("[data-drag-site]").forEach(function (item) {
    item.addEventListener("dragstart", function (event) {
      dragged = item.getAttribute("data-drag-site");
      if (event.dataTransfer) {
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged);
      }
      item.classList.add("dragging");
    });
    item.addEventListener("dragend", function () { item.classList.remove("dragging"); });
  });
  document.querySelectorAll("[data-day]").forEach(function (day) {
    day.addEventListener("dragover", function (event) {
      if (dragged) { event.preventDefault(); day.classList.add("drop-here"); }
    });
    day.addEventListener("dragleave", function () { day.classList.remove("drop-here"); });
    day.addEventListener("drop", function (event) {
      event.preventDefault();
      day.classList.remove("drop-here");
      var site = dragged || (event.dataTransfer && event.dataTransfer.getData("text/plain"));
      dragged = null;
      var form = site && document.querySelector("form[data-move-form='" + site.replace(/'/g, "") + "']");
      if (!form) { return; }
      var select = form.querySelector("select[name=day]");
      if (!select || select.value === day.getAttribute("data-day")) { return; }
      select.value = day.getAttribute("data-day");
      if (select.value !== day.getAttribute("data-day")) { return; }  // not a day of the trip
      form.submit();
    });
  });
  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
  // No inline handlers (the Content-Security-Policy forbids them): behaviour is wired here.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Rules open as a site is ticked; a must-see implies the site.
  document.querySelectorAll("[data-site-pick]").forEach(function (row) {
    var box = row.querySelector("[data-site-box]");
    var rules = row.querySelector("[data-site-rules]");
    var must = row.querySelector("input[name=must_see]");
    if (!box) { return; }
    var sync = function () {
      row.classList.toggle("picked", box.checked);
      if (rules) { rules.open = box.checked; }
    };
    box.addEventListener("change", function () {
      if (!box.checked && must) { must.checked = false; }
      sync();
    });
    if (must) {
      must.addEventListener("change", function () {
        if (must.checked && !box.checked) { box.checked = true; sync(); }
      });
    }
  });

  // Choosing a launch fills empty dates with a week before lift-off and the day after (plus the spare
  // days in case it slips); changing the spare days moves a last day filled that way.
  function addDays(iso, days) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function spareDays(form) {
    var spare = form.querySelector("[data-spare-days]");
    var days = spare ? parseInt(spare.value, 10) : 0;
    return isNaN(days) ? 0 : days;
  }
  document.querySelectorAll("[data-launch-select]").forEach(function (select) {
    var form = select.form;
    var spare = form.querySelector("[data-spare-days]");
    var shownSpare = spareDays(form);
    function launchEnd() {
      var option = select.options[select.selectedIndex];
      return option && option.getAttribute("data-end");
    }
    // A launch that already flew: say so at once, not as "too late to apply" after planning.
    var flown = form.querySelector("[data-flown-notice]");
    function sayFlown() {
      var option = select.options[select.selectedIndex];
      var when = option && option.getAttribute("data-flown");
      if (!flown) { return; }
      flown.hidden = !when;
      flown.textContent = when ? option.textContent.split(" \u2014 ")[0] + " has already happened (lift-off " +
        when + "). The plan will replay that trip: its permits can no longer be applied for." : "";
    }
    select.addEventListener("change", sayFlown);
    sayFlown();
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var start = form.querySelector("[name=start_date]");
      var end = form.querySelector("[name=end_date]");
      if (!option || !option.getAttribute("data-start")) { return; }
      if (!start.value && !end.value) {
        start.value = option.getAttribute("data-start");
        end.value = addDays(option.getAttribute("data-end"), spareDays(form));
      }
    });
    if (spare) {
      spare.addEventListener("change", function () {
        var end = form.querySelector("[name=end_date]");
        var base = launchEnd();
        if (base && end.value === addDays(base, shownSpare)) {
          end.value = addDays(base, spareDays(form));
        }
        shownSpare = spareDays(form);
      });
    }
  });

  // Add a companion row in place (without JavaScript the button asks the server for one).
  document.querySelectorAll("[data-add-companion]").forEach(function (button) {
    var box = button.closest("[data-companions]");
    button.addEventListener("click", function (event) {
      var rows = box.querySelectorAll("[data-companion]");
      var last = rows[rows.length - 1];
      if (!last) { return; }
      event.preventDefault();
      var index = rows.length;
      var row = last.cloneNode(true);
      row.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
      row.querySelectorAll("select, input").forEach(function (input) {
        input.value = "";
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
        input.id = input.id.replace(/-\d+$/, "-" + index);
      });
      row.querySelectorAll("label").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + index);
        label.textContent = label.textContent.replace(/Companion \d+/, "Companion " + (index + 1));
      });
      last.after(row);
      var first = row.querySelector("select");
      if (first) { first.focus(); }
    });
  });

  // A form that came back with errors: bring its summary into view and read it out.
  var summary = document.querySelector("[data-form-errors]");
  if (summary) {
    summary.scrollIntoView({block: "start"});
    summary.focus({preventScroll: true});
  }

  // Links to the re-plan section open it.
  document.querySelectorAll("[data-open-replan]").forEach(function (link) {
    link.addEventListener("click", function () {
      var details = document.querySelector("[data-replan]");
      if (details) { details.open = true; }
    });
  });
})();
