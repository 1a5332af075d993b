// Progressive enhancement, the app's own code: without it every form still works by a
// full page load. With it, a what-if toggle swaps the decision in place, and a book's
// page follows its job.
"use strict";
(function () {
  function liveWhatIf(form) {
    const region = document.getElementById("decision");
    const timing = form.querySelector(".timing");
    if (!region) return;
    let serial = 0;
    async function update() {
      const started = performance.now();
      const mine = ++serial;
      const query = new URLSearchParams(new FormData(form));
      const response = await fetch(form.dataset.live + "?" + query.toString(), {
        headers: { "Accept": "text/html" }, credentials: "same-origin",
      });
      const html = await response.text();
      if (mine !== serial) return; // a later click won
      region.innerHTML = html;
      const ms = Math.round(performance.now() - started);
      region.dataset.updateMs = String(ms);
      region.dataset.updates = String(Number(region.dataset.updates || "0") + 1);
      if (timing) timing.textContent = "updated in " + ms + " ms";
      history.replaceState(null, "", form.action + "?" + query.toString());
    }
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  }
  document.querySelectorAll("form.whatif[data-live]").forEach(liveWhatIf);
})();
