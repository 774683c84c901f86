// Type-ahead over the receiver list: filters the <select>'s options as you type.
// Without JavaScript the plain <select> works on its own.
(function () {
  var filter = document.getElementById("receiver-filter");
  var select = document.getElementById("receiver");
  if (!filter || !select) return;
  filter.hidden = false;
  filter.addEventListener("input", function () {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var matches = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === "0") return;
      var text = option.text.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
      option.hidden = !ok;
      if (ok) matches.push(option);
    });
    if (matches.length === 1) select.value = matches[0].value;
    else if (words.length && select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = "0";
  });
})();
