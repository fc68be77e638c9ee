// The notice form: show only the picker of the audience kind chosen (all show without script).
(function () {
  const kind = document.getElementById("id_audience_kind");
  if (!kind) return;
  const pickers = {
    area: "areas", party_org: "party_orgs", role: "roles", tag: "tags", unit: "units", people: "people",
  };
  function show() {
    Object.entries(pickers).forEach(function ([value, field]) {
      const box = document.querySelector('[data-field="' + field + '"]');
      if (box) box.hidden = value !== kind.value;
    });
  }
  kind.addEventListener("change", show);
  show();
})();
// Named people: Enter in the search box searches (it does not send the form), and a person ticked
// in the results moves to the chosen list, so the next search does not drop them.
(function () {
  const search = document.getElementById("people-q");
  const results = document.getElementById("people-results");
  const picked = document.getElementById("people-picked");
  if (!search || !results || !picked) return;
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  results.addEventListener("change", function (event) {
    const box = event.target;
    if (!box.checked || box.name !== "people") return;
    const row = box.closest(".form-check");
    if (picked.querySelector('input[value="' + box.value + '"]')) {
      row.remove();
    } else {
      picked.appendChild(row);
    }
  });
})();
