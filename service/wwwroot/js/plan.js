// Thông qua kế hoạch: the ward's total of planned poor households and the escapes, recomputed as a
// planner types, against the ward's target. The server checks everything again when the form is saved.
(function () {
  'use strict';
  var form = document.getElementById('ke-hoach');
  if (!form) return;
  var number = new Intl.NumberFormat('vi-VN');
  var target = form.dataset.target === undefined || form.dataset.target === '' ? null : Number(form.dataset.target);
  var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type=number]'));
  var total = document.getElementById('tong-ke-hoach');
  var escapes = document.getElementById('tong-thoat-ngheo');
  var check = document.getElementById('so-voi-chi-tieu');

  function whole(input) {
    var text = input.value.trim();
    if (!/^\d+$/.test(text)) return null;
    var value = Number(text);
    return value >= Number(input.min) && value <= Number(input.max) ? value : null;
  }

  function update() {
    var planned = 0, escaped = 0, bad = 0;
    inputs.forEach(function (input) {
      var value = whole(input);
      input.setAttribute('aria-invalid', value === null ? 'true' : 'false');
      if (value === null) { bad++; return; }
      planned += value;
      var code = input.name.slice(input.name.indexOf(':') + 1);
      var cell = form.querySelector('[data-escapes="' + CSS.escape(code) + '"]');
      var escapes1 = Number(input.dataset.start) - value;
      if (cell) cell.textContent = number.format(escapes1);
      escaped += escapes1;
    });
    total.textContent = number.format(planned);
    escapes.textContent = number.format(escaped);
    check.classList.toggle('over', target !== null && planned > target);
    if (bad > 0) {
      check.textContent = bad + ' ô chưa hợp lệ: mỗi ô là một số hộ nguyên trong khoảng ghi bên cạnh.';
    } else if (target === null) {
      check.textContent = 'Tổng kế hoạch: ' + number.format(planned) + ' hộ nghèo cuối năm.';
    } else if (planned <= target) {
      check.textContent = 'Tổng kế hoạch: ' + number.format(planned) + ' hộ nghèo cuối năm — đạt chỉ tiêu (không quá ' + number.format(target) + ' hộ).';
    } else {
      check.textContent = 'Tổng kế hoạch: ' + number.format(planned) + ' hộ nghèo cuối năm — vượt chỉ tiêu ' + number.format(planned - target) +
        ' hộ (chỉ tiêu không quá ' + number.format(target) + ' hộ).';
    }
  }

  inputs.forEach(function (input) { input.addEventListener('input', update); });
})();
