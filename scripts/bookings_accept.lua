-- wrk script for the acceptance benchmark (BENCHMARKS.md, pooled resources): each line of
-- the file named by BOOKINGS_FILE is "cookie header<TAB>CSRF token<TAB>booking id", one
-- owner's session and one of their resources' requests. wrk's threads share the lines
-- (line n to thread n mod BOOKINGS_THREADS) and post each acceptance once. The file holds
-- more requests than the run's duration can answer, so every measured request is an
-- acceptance; `done` says how many answers were not 303 and whether the lines ran out.
-- Written and run by check_bookings.py (BOOKINGS_BENCH=1).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(os.getenv("BOOKINGS_THREADS") or "2")
  jobs = {}
  local n = 0
  for line in io.lines(os.getenv("BOOKINGS_FILE")) do
    if n % total == index then
      local cookie, token, booking = line:match("^([^\t]+)\t([^\t]+)\t(%d+)$")
      table.insert(jobs, {cookie = cookie, token = token, booking = booking})
    end
    n = n + 1
  end
  next_job = 1
  unexpected = 0
  exhausted = 0
end

function request()
  local job = jobs[next_job]
  if job == nil then
    exhausted = 1
    job = jobs[#jobs]
  else
    next_job = next_job + 1
  end
  return wrk.format("POST", "/labs/alsace/reservations/" .. job.booking .. "/accepter",
    {Cookie = job.cookie, ["Content-Type"] = "application/x-www-form-urlencoded"},
    "_csrf=" .. job.token)
end

function response(status, headers, body)
  if status ~= 303 then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local bad, out = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    out = out + thread:get("exhausted")
  end
  io.write(string.format("acceptances: %d answers not 303; requests ran out: %s\n", bad, out > 0 and "yes" or "no"))
end
