// The notice form: show only the picker of the audience kind chosen (all show without script).
(function () {
  const kind = document.getElementById("id_audience_kind");
  if (!kind) return;
  const pickers = { area: "areas", party_org: "party_orgs", role: "roles", tag: "tags", unit: "units" };
  function show() {
    Object.entries(pickers).forEach(function ([value, field]) {
      const box = document.querySelector('[data-field="' + field + '"]');
      if (box) box.hidden = value !== kind.value;
    });
  }
  kind.addEventListener("change", show);
  show();
})();
