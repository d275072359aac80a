// The identity form with JavaScript: choosing a region loads the next level's choices in place
// (from /api/v1/regions/{code}) instead of a full reload, so the "show the next choices" buttons
// are hidden. Without JavaScript the buttons post the form back to the section just edited.
// The placeholder texts come from the page (data-choose, data-choose-above), never from here.
(function () {
  "use strict";
  var groups = document.querySelectorAll("[data-regions]");
  if (!groups.length || !window.fetch) return;

  function reset(select, text, enabled) {
    while (select.options.length) select.remove(0);
    select.add(new Option(text, ""));
    select.disabled = !enabled;
  }

  Array.prototype.forEach.call(groups, function (group) {
    var selects = group.querySelectorAll("select[data-level]");
    var button = group.querySelector("button[name=action][value=regions]");
    if (button) button.hidden = true;
    var hint = group.querySelector(".regions-hint");
    if (hint) hint.hidden = true;

    Array.prototype.forEach.call(selects, function (select, index) {
      select.addEventListener("change", function () {
        for (var lower = index + 1; lower < selects.length; lower++) {
          reset(selects[lower], selects[lower].getAttribute("data-choose-above"), false);
        }
        var next = selects[index + 1];
        if (!next || !select.value) return;
        next.setAttribute("aria-busy", "true");
        fetch("/api/v1/regions/" + encodeURIComponent(select.value), { headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            return response.json();
          })
          .then(function (regions) {
            reset(next, next.getAttribute("data-choose"), true);
            regions.forEach(function (region) { next.add(new Option(region.name, region.code)); });
          })
          .catch(function () {
            // The API is busy or unreachable: fall back to the form's own button.
            if (button) button.hidden = false;
            if (hint) hint.hidden = false;
          })
          .then(function () { next.removeAttribute("aria-busy"); });
      });
    });
  });
})();
