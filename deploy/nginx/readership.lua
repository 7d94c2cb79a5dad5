-- Answer readership beacons in nginx and count them in Redis, exactly as the app's /readership/beacon does
-- (newsdesk/readership/counting.py and stores.py; docs/readership.md), so a breaking-news spike costs no Python.
--
-- Use (see newsdesk.conf):  location = /readership/beacon { content_by_lua_block {
--     require("readership").beacon({ host = "127.0.0.1", port = 6379, db = 0, prefix = "newsdesk:readership:",
--                                    salts = "readership", utc_offset = 7200 }) } }
-- `salts` is a lua_shared_dict that keeps the day's salt for a minute; `utc_offset` the newsroom's offset from UTC in
-- seconds (SAST: 7200, no daylight saving), which decides when the day, and its salt, ends.
-- Not counted: known bots (readership_bots.lua, made from the crawler-user-agents list the app reads), empty user
-- agents, prefetches and prerenders, ids that are not a page's. Sec-GPC: 1 is a view without a hash. Every beacon is
-- answered at once (204, or a pixel for GET); a Redis that does not answer loses the view and says so in the log.

local bots = require("readership_bots")

local M = {}

local PIXEL = ngx.decode_base64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
local SEARCH = { google = true, bing = true, duckduckgo = true, yahoo = true, yandex = true, baidu = true,
    ecosia = true, qwant = true, brave = true }
local SOCIAL_HOSTS = { ["t.co"] = true, ["lnkd.in"] = true, ["wa.me"] = true, ["youtu.be"] = true }
local SOCIAL = { facebook = true, instagram = true, twitter = true, x = true, linkedin = true, reddit = true,
    whatsapp = true, tiktok = true, threads = true, bsky = true, mastodon = true, pinterest = true, youtube = true,
    telegram = true }

-- Each worker remembers its verdicts: a few browsers' user agents make most beacons, and the list is long.
local verdicts, verdict_count = {}, 0

local function is_bot(ua)
    local verdict = verdicts[ua]
    if verdict == nil then
        if verdict_count >= 4096 then
            verdicts, verdict_count = {}, 0
        end
        verdict = bots.is_bot(ua)
        verdicts[ua] = verdict
        verdict_count = verdict_count + 1
    end
    return verdict
end

-- One view in one round trip: the same Redis script the app sends (newsdesk/readership/stores.py, COUNT_SCRIPT; a
-- test keeps the two equal). KEYS: views, hosts, day, now, active; ARGV: views field, hosts field, reader, page, TTL.
local COUNT_SCRIPT = [==[
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if ARGV[2] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[2], 1) end
if ARGV[3] ~= '' then
  if redis.call('PFADD', KEYS[3], ARGV[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[5]) end
  if redis.call('PFADD', KEYS[4], ARGV[3]) == 1 then redis.call('EXPIRE', KEYS[4], 360) end
  if redis.call('SADD', KEYS[5], ARGV[4]) == 1 then redis.call('EXPIRE', KEYS[5], 360) end
end
return 1
]==]
local COUNT_SHA

local function answer()
    ngx.header["Cache-Control"] = "no-store"
    if ngx.req.get_method() == "GET" then
        ngx.header["Content-Type"] = "image/gif"
        ngx.print(PIXEL)
        return ngx.exit(ngx.HTTP_OK)
    end
    return ngx.exit(ngx.HTTP_NO_CONTENT)
end

local function clean_host(value)
    if type(value) ~= "string" then
        return ""
    end
    local host = value:lower():gsub("^%s+", ""):gsub("%s+$", "")
    host = host:match("^[^:]*")
    if host:sub(1, 4) == "www." then
        host = host:sub(5)
    end
    if #host < 1 or #host > 100 or host:find("[^a-z0-9.-]") then
        return ""
    end
    return host
end

local function kind_of(host, site, newsletter)
    if newsletter then
        return "newsletter"
    end
    if host == "" then
        return "direct"
    end
    if host == clean_host(site) then
        return "internal"
    end
    local labels = {}
    for label in host:gmatch("[^.]+") do
        labels[#labels + 1] = label
    end
    local social, search = SOCIAL_HOSTS[host], false
    for i = 1, #labels - 1 do
        social = social or SOCIAL[labels[i]]
        search = search or SEARCH[labels[i]]
    end
    if social then
        return "social"
    end
    if search then
        return "search"
    end
    if host:sub(1, 5) == "mail." or host:sub(1, 8) == "outlook." then
        return "newsletter"
    end
    return "other"
end

-- The reader's network as Python's ipaddress writes it: "196.25.1.0/24", "2c0f:f4c0:1::/48".
local function network(ip)
    -- IPv4, also as an IPv4-mapped IPv6 address (::ffff:196.25.1.7), as the app reads it.
    local a, b, c = ip:match("(%d+)%.(%d+)%.(%d+)%.%d+$")
    if a then
        return a .. "." .. b .. "." .. c .. ".0/24"
    end
    if not ip:find(":", 1, true) or ip:find(".", 1, true) then
        return "0.0.0.0/24"
    end
    local head, tail = ip, ""
    local split = ip:find("::", 1, true)
    if split then
        head, tail = ip:sub(1, split - 1), ip:sub(split + 2)
    end
    local groups, rest = {}, {}
    for group in head:gmatch("[^:]+") do
        groups[#groups + 1] = tonumber(group, 16)
    end
    for group in tail:gmatch("[^:]+") do
        rest[#rest + 1] = tonumber(group, 16)
    end
    for _ = 1, 8 - #groups - #rest do
        groups[#groups + 1] = 0
    end
    for _, group in ipairs(rest) do
        groups[#groups + 1] = group
    end
    local hextets = {}
    for i = 1, 8 do
        hextets[i] = string.format("%x", i <= 3 and (groups[i] or 0) or 0)
    end
    -- Python's compression: the first longest run of two or more zero groups becomes "::".
    local best_start, best_len, start = 0, 0, nil
    for i = 1, 9 do
        if i <= 8 and hextets[i] == "0" then
            start = start or i
        elseif start then
            if i - start > best_len then
                best_start, best_len = start, i - start
            end
            start = nil
        end
    end
    local text
    if best_len > 1 then
        local left = table.concat(hextets, ":", 1, best_start - 1)
        local right = best_start + best_len <= 8 and table.concat(hextets, ":", best_start + best_len, 8) or ""
        text = left .. "::" .. right
    else
        text = table.concat(hextets, ":")
    end
    return text .. "/48"
end

local function to_hex(bytes)
    return (bytes:gsub(".", function(ch) return string.format("%02x", ch:byte()) end))
end

local function command(...)
    local args = { ... }
    local parts = { "*", #args, "\r\n" }
    for _, arg in ipairs(args) do
        arg = tostring(arg)
        parts[#parts + 1] = "$"
        parts[#parts + 1] = #arg
        parts[#parts + 1] = "\r\n"
        parts[#parts + 1] = arg
        parts[#parts + 1] = "\r\n"
    end
    return table.concat(parts)
end

local function connect(conf)
    local sock = ngx.socket.tcp()
    sock:settimeouts(conf.timeout or 100, conf.timeout or 100, conf.timeout or 100)
    local ok, err = sock:connect(conf.host or "127.0.0.1", conf.port or 6379)
    if not ok then
        return nil, err
    end
    if sock:getreusedtimes() == 0 then
        if conf.password then
            sock:send(command("AUTH", conf.password))
            if sock:receive("*l") ~= "+OK" then
                sock:close()
                return nil, "AUTH refused"
            end
        end
        if (conf.db or 0) ~= 0 then
            sock:send(command("SELECT", conf.db))
            if sock:receive("*l") ~= "+OK" then
                sock:close()
                return nil, "SELECT refused"
            end
        end
    end
    return sock
end

-- Send commands at once; return their replies' first lines, or nil and an error.
local function pipeline(sock, commands)
    local ok, err = sock:send(table.concat(commands))
    if not ok then
        return nil, err
    end
    local replies = {}
    for i = 1, #commands do
        local line, rerr = sock:receive("*l")
        if not line then
            return nil, rerr
        end
        if line:sub(1, 1) == "$" and tonumber(line:sub(2)) >= 0 then
            local data, derr = sock:receive(tonumber(line:sub(2)) + 2)
            if not data then
                return nil, derr
            end
            line = data:sub(1, -3)
        elseif line:sub(1, 1) == "$" then
            line = false
        end
        replies[i] = line
    end
    return replies
end

local function random_hex()
    local file = io.open("/dev/urandom", "rb")
    local bytes = file:read(32)
    file:close()
    return to_hex(bytes)
end

-- The day's salt: from this nginx's memory for up to a minute, else from Redis, made there by the day's first reader.
local function salt(conf, sock, day, yesterday, left)
    local memory = conf.salts and ngx.shared[conf.salts]
    local key = conf.prefix .. "salt:" .. day
    local value = memory and memory:get(key)
    if value then
        return value
    end
    local replies, err = pipeline(sock, {
        command("SET", key, random_hex(), "NX", "EX", left),
        command("GET", key),
    })
    if not replies then
        return nil, err
    end
    if replies[1] == "+OK" then  -- this request made the day's salt: yesterday's goes now
        pipeline(sock, { command("DEL", conf.prefix .. "salt:" .. yesterday) })
    end
    value = replies[2]
    if value and memory then
        memory:set(key, value, math.min(60, left))
    end
    return value, value and nil or "no salt"
end

local last_logged = 0

local function fail(err)
    if ngx.now() - last_logged >= 60 then
        last_logged = ngx.now()
        ngx.log(ngx.ERR, "readership: Redis unavailable, views not counted: ", err)
    end
    return answer()
end

function M.beacon(conf)
    local method = ngx.req.get_method()
    if method ~= "GET" and method ~= "POST" then
        return ngx.exit(ngx.HTTP_NOT_ALLOWED)
    end
    local args = ngx.req.get_uri_args(8)
    local page = args.p
    if type(page) ~= "string" or not page:find("^%d+$") or #page > 10 or tonumber(page) < 1
        or tonumber(page) > 2147483647 then
        return answer()
    end
    page = tostring(tonumber(page))
    local headers = ngx.req.get_headers(50)
    local ua = headers["user-agent"]
    if type(ua) ~= "string" or ua:find("^%s*$") or is_bot(ua) then
        return answer()
    end
    local purpose = table.concat({ tostring(headers["sec-purpose"] or ""), tostring(headers["purpose"] or ""),
        tostring(headers["x-moz"] or "") }, " "):lower()
    if purpose:find("prefetch", 1, true) or purpose:find("prerender", 1, true) then
        return answer()
    end
    local site = ngx.var.host or ""
    local host = clean_host(args.r)
    local kind = kind_of(host, site, args.n == "1")

    local now = ngx.time()
    local offset = conf.utc_offset or 7200
    local day = os.date("!%Y-%m-%d", now + offset)
    local yesterday = os.date("!%Y-%m-%d", now + offset - 86400)
    local left = 86400 - (now + offset) % 86400
    local hour = math.floor(now / 3600)
    local minute = math.floor(now / 60)

    local sock, err = connect(conf)
    if not sock then
        return fail(err)
    end
    local p = conf.prefix
    local reader = ""
    if headers["sec-gpc"] ~= "1" then
        local secret, serr = salt(conf, sock, day, yesterday, left)
        if not secret then
            sock:close()
            return fail(serr)
        end
        reader = to_hex(ngx.hmac_sha1(secret, network(ngx.var.remote_addr) .. "|" .. ua .. "|"
            .. clean_host(site))):sub(1, 32)
    end
    COUNT_SHA = COUNT_SHA or to_hex(ngx.sha1_bin(COUNT_SCRIPT))
    local keys_and_args = { 5, p .. "views", p .. "hosts", p .. "day:" .. day .. ":" .. page,
        p .. "now:" .. minute .. ":" .. page, p .. "active:" .. minute,
        hour .. "|" .. page .. "|" .. kind, host ~= "" and (day .. "|" .. kind .. "|" .. host) or "", reader, page,
        left }
    local replies, perr = pipeline(sock, { command("EVALSHA", COUNT_SHA, unpack(keys_and_args)) })
    if replies and replies[1]:sub(1, 9) == "-NOSCRIPT" then  -- a restarted Redis: send the script itself once
        replies, perr = pipeline(sock, { command("EVAL", COUNT_SCRIPT, unpack(keys_and_args)) })
    end
    if not replies or replies[1]:sub(1, 1) == "-" then
        sock:close()
        return fail(perr or replies[1])
    end
    sock:setkeepalive(conf.keepalive_ms or 30000, conf.pool_size or 64)
    return answer()
end

-- For the tests: the pieces the app must agree with.
M.network = network
M.kind_of = kind_of

return M
