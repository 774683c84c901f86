// On a referral's page, show only the fields the chosen status asks for.
// Without JavaScript every field shows, each with a hint saying when it is needed.
(function () {
  var select = document.getElementById("to");
  if (!select) return;
  var blocks = document.querySelectorAll("[data-show-for]");
  function update() {
    blocks.forEach(function (block) {
      var wanted = block.getAttribute("data-show-for") === select.value;
      var hasError = block.querySelector(".error");
      block.hidden = !wanted && !hasError;
    });
  }
  select.addEventListener("change", update);
  update();
})();
