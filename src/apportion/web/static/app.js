// Progressive enhancement, the app's own code: without it every form still works by a
// full page load. With it, a what-if toggle swaps the decision in place; the answers a
// toggle offers are fetched as soon as it is pointed at or focused, so the swap on a
// click usually needs no wait for the server (each answer is fetched once).
"use strict";
(function () {
  function liveWhatIf(form) {
    const region = document.getElementById("decision");
    const timing = form.querySelector(".timing");
    if (!region) return;
    const fetched = new Map(); // query -> Promise of the fragment's HTML
    let serial = 0;

    function queryWith(control, value) {
      const data = new FormData(form);
      if (control) data.set(control.name, value);
      return new URLSearchParams(data).toString();
    }
    function fragment(query) {
      if (!fetched.has(query)) {
        if (fetched.size > 64) fetched.clear();
        const answer = fetch(form.dataset.live + "?" + query, {
          headers: { "Accept": "text/html" }, credentials: "same-origin",
        }).then(function (r) { return r.text(); });
        answer.catch(function () { fetched.delete(query); });
        fetched.set(query, answer);
      }
      return fetched.get(query);
    }
    function prefetch(event) {
      const control = event.target;
      if (!(control instanceof HTMLSelectElement) || control.dataset.prefetched === form.dataset.state) return;
      control.dataset.prefetched = form.dataset.state || "";
      for (const option of control.options) {
        if (option.value !== control.value) fragment(queryWith(control, option.value));
      }
    }
    async function update() {
      const started = performance.now();
      const mine = ++serial;
      const query = queryWith(null, null);
      form.dataset.state = query;
      const html = await fragment(query);
      if (mine !== serial) return; // a later click won
      region.innerHTML = html;
      const ms = Math.round(performance.now() - started);
      region.dataset.updateMs = String(ms);
      region.dataset.updates = String(Number(region.dataset.updates || "0") + 1);
      if (timing) timing.textContent = "updated in " + ms + " ms";
      history.replaceState(null, "", form.action + "?" + query);
    }
    form.dataset.state = queryWith(null, null);
    form.addEventListener("focusin", prefetch);
    form.addEventListener("pointerover", prefetch);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  }
  document.querySelectorAll("form.whatif[data-live]").forEach(liveWhatIf);
})();
