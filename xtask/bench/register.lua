-- wrk script: registrations of fresh addresses from many client addresses,
-- as a load balancer (a trusted proxy) would forward them.
-- Each wrk thread runs its own copy of this script: seed each differently
-- (from the address of a fresh table) so threads do not repeat addresses.
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16))
local counter = 0

request = function()
  counter = counter + 1
  local body = string.format(
    '{"email":"bench-%d-%d@example.com","password":"kopi tubruk pagi hari","accept_terms":true,"lang":"id"}',
    math.random(1, 1000000000), counter)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format("100.%d.%d.%d", math.random(64, 127), math.random(0, 255), math.random(1, 254)),
  }
  return wrk.format("POST", "/api/register", headers, body)
end
