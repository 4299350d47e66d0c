-- wrk script: POST registration bodies read from $BODIES (one JSON per
-- line), round robin, with the bearer token from $TOKEN. Counts non-201s.
local bodies = {}
local i = 0

function init(args)
  for line in io.lines(os.getenv("BODIES")) do
    bodies[#bodies + 1] = line
  end
  i = math.random(#bodies)
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/complaints", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  }, bodies[i])
end
