-- SHA-256 in LuaJIT (wrk's Lua), enough to solve registration's proof of work in load tests:
-- sha256_zero_bits(text) returns the number of leading zero bits of SHA-256(text).
local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror = bit.rshift, bit.lshift, bit.ror
local tobit = bit.tobit

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

local function digest(message)
  local length = #message
  message = message .. "\128" .. string.rep("\0", (55 - length) % 64)
  local bits = length * 8
  message = message .. string.char(0, 0, 0, 0,
    band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255), band(bits, 255))
  local h0, h1, h2, h3 = 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
  local h4, h5, h6, h7 = 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  local w = {}
  for offset = 1, #message, 64 do
    for t = 0, 15 do
      local a, b, c, d = message:byte(offset + t * 4, offset + t * 4 + 3)
      w[t] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    for t = 16, 63 do
      local x, y = w[t - 15], w[t - 2]
      local s0 = bxor(ror(x, 7), ror(x, 18), rshift(x, 3))
      local s1 = bxor(ror(y, 17), ror(y, 19), rshift(y, 10))
      w[t] = tobit(w[t - 16] + s0 + w[t - 7] + s1)
    end
    local a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
    for t = 0, 63 do
      local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local ch = bxor(band(e, f), band(bnot(e), g))
      local t1 = tobit(h + S1 + ch + K[t + 1] + w[t])
      local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local maj = bxor(band(a, b), band(a, c), band(b, c))
      local t2 = tobit(S0 + maj)
      h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + t2)
    end
    h0, h1, h2, h3 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d)
    h4, h5, h6, h7 = tobit(h4 + e), tobit(h5 + f), tobit(h6 + g), tobit(h7 + h)
  end
  return { h0, h1, h2, h3, h4, h5, h6, h7 }
end

function sha256_zero_bits(text)
  local words = digest(text)
  local count = 0
  for i = 1, 8 do
    local word = words[i]
    if word ~= 0 then
      for shift = 31, 0, -1 do
        if band(rshift(word, shift), 1) == 1 then return count end
        count = count + 1
      end
    end
    count = count + 32
  end
  return count
end

-- The nonce a client sends: the first decimal number that reaches the challenge's difficulty.
function solve_challenge(challenge)
  local bits = tonumber(challenge:match("^v1%.[^.]+%.(%d+)%.")) or 0
  local nonce = 0
  while sha256_zero_bits(challenge .. ":" .. nonce) < bits do nonce = nonce + 1 end
  return tostring(nonce)
end

-- A nonce with `bits` leading zero bits for a seed bound to `email` (trimmed, lower case).
function solve_seed(seed, email, bits)
  local prefix = seed .. ":" .. string.lower(email) .. ":"
  local nonce = 0
  while sha256_zero_bits(prefix .. nonce) < bits do nonce = nonce + 1 end
  return tostring(nonce)
end
