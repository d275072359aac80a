// Solves the registration form's proof of work: finds a nonce such that
// SHA-256(seed + ":" + email + ":" + nonce) starts with the required number of zero bits (the
// email trimmed and in lower case, as the server binds it), in small slices so the page stays
// responsive. Solving starts as soon as an address is typed and again if it changes; a submit
// before the solution is ready waits for it. Without JavaScript the server offers a short wait.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow-seed]");
  if (!form || !window.TextEncoder) return;
  var bits = parseInt(form.getAttribute("data-pow-bits"), 10);
  var seed = form.getAttribute("data-pow-seed");
  var emailField = form.querySelector("input[name=email]");
  var nonceField = form.querySelector("input[name=pow_nonce]");
  var status = document.getElementById("pow-status");
  var encoder = new TextEncoder();
  var solvedFor = null;
  var waiting = false;

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Int32Array(64);
  var H = new Int32Array(8);

  // The message is prefix + nonce digits, padded as SHA-256 requires.
  var prefix = [];
  var solving = null;
  function digestFirstWord(message) {
    var length = message.length;
    var blocks = ((length + 8) >> 6) + 1;
    var bytes = new Uint8Array(blocks * 64);
    bytes.set(message);
    bytes[length] = 0x80;
    var bitLength = length * 8;
    bytes[bytes.length - 1] = bitLength & 0xff;
    bytes[bytes.length - 2] = (bitLength >>> 8) & 0xff;
    H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a;
    H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
    for (var block = 0; block < blocks; block++) {
      var offset = block * 64;
      for (var t = 0; t < 16; t++) {
        var p = offset + t * 4;
        W[t] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
      }
      for (t = 16; t < 64; t++) {
        var w15 = W[t - 15], w2 = W[t - 2];
        var s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
        var s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var temp1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var temp2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + temp1) | 0; d = c; c = b; b = a; a = (temp1 + temp2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    return H;
  }

  function zeroBits(words) {
    var count = 0;
    for (var i = 0; i < 8; i++) {
      if (words[i] === 0) { count += 32; continue; }
      return count + Math.clz32(words[i]);
    }
    return count;
  }

  function attempt(nonce) {
    var digits = String(nonce);
    var message = prefix.slice();
    for (var i = 0; i < digits.length; i++) message.push(digits.charCodeAt(i));
    return zeroBits(digestFirstWord(message)) >= bits;
  }

  function address() { return emailField.value.trim().toLowerCase(); }

  var next = 0;
  var started = 0;
  function work() {
    var email = address();
    if (email !== solving) return;  // the address changed: a new run has started
    var end = next + 4000;
    for (; next < end; next++) {
      if (attempt(next)) {
        nonceField.value = String(next);
        solvedFor = email;
        form.setAttribute("data-pow-ms", String(Date.now() - started));
        if (waiting) form.submit();
        return;
      }
    }
    setTimeout(work, 0);
  }

  function start() {
    var email = address();
    if (!email || email === solving) return;
    solving = email;
    solvedFor = null;
    prefix = Array.prototype.slice.call(encoder.encode(seed + ":" + email + ":"));
    next = 0;
    started = Date.now();
    setTimeout(work, 0);
  }

  var pause = null;
  emailField.addEventListener("input", function () {
    clearTimeout(pause);
    pause = setTimeout(start, 300);
  });
  form.addEventListener("submit", function (event) {
    // Nothing to solve for: the server says what is wrong with the address.
    if (!address() || (solvedFor !== null && solvedFor === address())) return;
    event.preventDefault();
    waiting = true;
    if (status) status.hidden = false;
    start();
  });
  start();
})();
