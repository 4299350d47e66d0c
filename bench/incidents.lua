-- wrk script: POST registration bodies read from $BODIES (one JSON per
-- line), each thread its own share of the lines in order, so that no body
-- is sent twice while the file lasts (a text sent again would read as a
-- burst of the same complaint), with the bearer token from $TOKEN.
-- The number of threads is the script's argument (wrk ... -- THREADS).
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local bodies = {}
local i = 0

function init(args)
  local threads, n = tonumber(args[1]), 0
  for line in io.lines(os.getenv("BODIES")) do
    n = n + 1
    if n % threads == id then
      bodies[#bodies + 1] = line
    end
  end
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/complaints", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  }, bodies[i])
end
