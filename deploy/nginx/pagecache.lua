-- Serve readers' pages straight from the app's whole-page cache in Redis; everything else goes to the app.
--
-- The app writes each cacheable page it renders as one Redis string under <prefix><path>: its response headers as
-- "Name: value" lines, a blank line, then the body (newsdesk/delivery/edgecache.py), and deletes those copies when it
-- purges (publish, correction, move). This module only reads: a hit is answered here, a miss, a query string, a write or
-- Redis not answering goes to the named location `@app` (the app server, or Varnish in front of it). So nginx serves
-- the hits at its own speed while the app stays the only judge of what is cached and for how long.
-- A session cookie makes no difference: the app stores only pages that are the same for every reader, signed in or
-- not (a signed-in reader's own state comes from private fragments, which are never stored here).
--
-- Use (see newsdesk.conf):  content_by_lua_block { require("pagecache").serve({ host = "127.0.0.1", port = 6379,
--                                                   db = 0, prefix = "newsdesk:edge:", memory = "pagecache" }) }
-- With `memory` (a lua_shared_dict), each nginx also keeps a hit in its own shared memory for `memory_seconds`
-- (default 1 s), which saves the Redis round trip on most requests of a busy page; a purge then reaches readers of
-- that nginx within that second instead of at once. Leave `memory` out to read Redis on every request.
-- The Redis client is a few lines of the Redis protocol over ngx.socket.tcp (GET only, pooled connections), because
-- Debian packages no Lua Redis client for nginx.

local M = {}

local SAFE_PATH = [[^/[A-Za-z0-9/_.\-]*$]]

local function app()
    return ngx.exec("@app")
end

-- Read one Redis reply to GET: the value, false for a missing key, nil (and an error) when the exchange failed.
local function read_bulk(sock)
    local line, err = sock:receive("*l")
    if not line then
        return nil, err
    end
    local kind = line:sub(1, 1)
    if kind ~= "$" then
        return nil, "unexpected reply: " .. line
    end
    local size = tonumber(line:sub(2))
    if not size then
        return nil, "bad length: " .. line
    end
    if size < 0 then
        return false
    end
    local data, rerr = sock:receive(size + 2)
    if not data then
        return nil, rerr
    end
    return data:sub(1, size)
end

local function command(sock, ...)
    local args = { ... }
    local parts = { "*", #args, "\r\n" }
    for _, arg in ipairs(args) do
        parts[#parts + 1] = "$"
        parts[#parts + 1] = #arg
        parts[#parts + 1] = "\r\n"
        parts[#parts + 1] = arg
        parts[#parts + 1] = "\r\n"
    end
    return sock:send(parts)
end

local function fetch(conf, key)
    local sock = ngx.socket.tcp()
    sock:settimeouts(conf.timeout or 100, conf.timeout or 100, conf.timeout or 100)
    local ok, err = sock:connect(conf.host or "127.0.0.1", conf.port or 6379, { pool = conf.pool_name })
    if not ok then
        return nil, err
    end
    if sock:getreusedtimes() == 0 then
        -- A new connection: authenticate and choose the database once; pooled ones keep both.
        if conf.password then
            command(sock, "AUTH", conf.password)
            local reply = sock:receive("*l")
            if reply ~= "+OK" then
                sock:close()
                return nil, "AUTH refused"
            end
        end
        if (conf.db or 0) ~= 0 then
            command(sock, "SELECT", tostring(conf.db))
            local reply = sock:receive("*l")
            if reply ~= "+OK" then
                sock:close()
                return nil, "SELECT refused"
            end
        end
    end
    local sent, serr = command(sock, "GET", key)
    if not sent then
        sock:close()
        return nil, serr
    end
    local value, rerr = read_bulk(sock)
    if value == nil then
        sock:close()
        return nil, rerr
    end
    sock:setkeepalive(conf.keepalive_ms or 30000, conf.pool_size or 64)
    return value
end

local function not_modified(etag)
    local wanted = ngx.var.http_if_none_match
    if not wanted or not etag then
        return false
    end
    for candidate in wanted:gmatch("[^,]+") do
        candidate = candidate:match("^%s*(.-)%s*$")
        if candidate == etag or candidate == "W/" .. etag then
            return true
        end
    end
    return false
end

local last_logged = 0

-- Answer with a stored copy ("Name: value" header lines, a blank line, the body); false when it is malformed.
local function answer(value, method, extra_header, extra_value)
    local split = value:find("\n\n", 1, true)
    if not split then
        return false
    end
    for line in value:sub(1, split):gmatch("([^\n]*)\n") do
        local name, header = line:match("^([^:]+): (.*)$")
        if name then
            ngx.header[name] = header
        end
    end
    ngx.header[extra_header] = extra_value
    ngx.header["Content-Length"] = #value - split - 1
    if method == "HEAD" then
        return ngx.exit(ngx.HTTP_OK)
    end
    ngx.print(value:sub(split + 2))
    return ngx.exit(ngx.HTTP_OK)
end

-- A premium article's full body for a signed-in reader the app found entitled (deploy: the location for
-- /subscriptions/article/<id>/body). The app keeps, per session (its key hashed), the reader's entitlement:
-- "<access version key>\n<version>\n<until, epoch seconds or 0>\n", for a minute at most and deleted at sign-out;
-- and the full-body page, the same for every entitled reader, under the article's purge tags. Served here only when
-- the record exists, the reader's subscription has not changed state since (the version the app moves on every
-- change) and the clock has not run past `until`; anything else (no session, no record, a changed subscription, a
-- body not kept or purged, Redis not answering) goes to the app, which decides and refuses as ever.
function M.serve_private_body(conf)
    local method = ngx.req.get_method()
    if (method ~= "GET" and method ~= "HEAD") or ngx.var.is_args == "?" then
        return app()
    end
    local session = ngx.var["cookie_" .. (conf.session_cookie or "sessionid")]
    local page_id = ngx.var.uri:match("^/subscriptions/article/(%d+)/body$")
    if not session or not page_id then
        return app()
    end
    local record = fetch(conf, conf.prefix .. "@reader:" .. ngx.encode_base64(ngx.sha1_bin(session)))
    if not record then
        return app()
    end
    local version_key, version, good_until = record:match("^([^\n]+)\n([^\n]*)\n([%d.]+)\n$")
    if not version_key or (tonumber(good_until) > 0 and ngx.now() >= tonumber(good_until)) then
        return app()
    end
    local current = fetch(conf, version_key)
    if current == nil or (current or "0") ~= version then
        return app()
    end
    local body = fetch(conf, conf.prefix .. "@body:" .. page_id)
    if not body then
        return app()
    end
    if answer(body, method, "X-Page-Cache", "edge-private") == false then
        return app()
    end
end

function M.serve(conf)
    local method = ngx.req.get_method()
    if (method ~= "GET" and method ~= "HEAD") or ngx.var.is_args == "?" then
        return app()
    end
    local path = ngx.var.uri
    if not ngx.re.find(path, SAFE_PATH, "jo") or path:find("//", 1, true) or path:find("/.", 1, true) then
        return app()
    end
    local key = conf.prefix .. path
    local memory = conf.memory and ngx.shared[conf.memory]
    local value = memory and memory:get(key)
    local err
    if not value then
        value, err = fetch(conf, key)
        if value and memory then
            memory:set(key, value, conf.memory_seconds or 1)
        end
    end
    if value == nil then
        -- Redis not answering: the app renders (and logs the outage itself); say so here at most once a minute.
        if ngx.now() - last_logged >= 60 then
            last_logged = ngx.now()
            ngx.log(ngx.ERR, "page cache in Redis unavailable, passing to the app: ", err,
                ", request_id: ", ngx.var.request_id)
        end
        return app()
    end
    if not value then
        return app()
    end
    local split = value:find("\n\n", 1, true)
    if not split then
        return app()
    end
    local etag
    for line in value:sub(1, split):gmatch("([^\n]*)\n") do
        local name, header = line:match("^([^:]+): (.*)$")
        if name then
            ngx.header[name] = header
            if name == "ETag" then
                etag = header
            end
        end
    end
    ngx.header["X-Page-Cache"] = "edge"
    if not_modified(etag) then
        ngx.header["Content-Type"] = nil
        return ngx.exit(ngx.HTTP_NOT_MODIFIED)
    end
    ngx.header["Content-Length"] = #value - split - 1
    if method == "HEAD" then
        return ngx.exit(ngx.HTTP_OK)
    end
    ngx.print(value:sub(split + 2))
    return ngx.exit(ngx.HTTP_OK)
end

return M
