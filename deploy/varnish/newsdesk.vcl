vcl 4.1;
# Varnish in front of Newsdesk: caches what the app marks public, purges by the app's surrogate keys (xkey).
#
# A template: write the file Varnish loads with deploy/render.py, which fills in the app servers and the purgers
# from VARNISH_BACKENDS and VARNISH_PURGERS (see docs/deploy.md):
#   python3 deploy/render.py --env /etc/newsdesk/env deploy/varnish/newsdesk.vcl > /etc/varnish/default.vcl

import directors;
import std;
import xkey;

# Each app server answers /healthz itself, before its host check and HTTPS redirect, so the probe needs neither the
# public Host nor X-Forwarded-Proto. A server whose database or collected static files are missing answers 503 and
# is left out until it answers 200 again.
probe app_health {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app${N} { .host = "${HOST}"; .port = "${PORT}"; .connect_timeout = 2s; .first_byte_timeout = 30s; .probe = app_health; }  # one per VARNISH_BACKENDS

sub vcl_init {
    # Requests take turns over the healthy app servers; they are stateless, so any of them can answer any request.
    new app_servers = directors.round_robin();
    app_servers.add_backend(app${N});  # one per VARNISH_BACKENDS
}

# Only the app's machines may purge: wherever task workers run (they send the purges) and this machine.
acl purgers {
    ${ACL_ENTRY};  # one per VARNISH_PURGERS
}

sub vcl_recv {
    set req.backend_hint = app_servers.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is for the app servers only."));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone + " objects"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A stale page while the app is up only for the app's stale-while-revalidate (refreshed in the background);
    # the whole day of grace below is for when the app is down (its stale-if-error).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 300s;
    }
    # Editors, accounts, documents (private collections ask who reads) and the per-reader fragments keep their cookies
    # and are never cached here.
    if (req.url ~ "^/(admin|django-admin|accounts|account|polls|comments|subscriptions|public-editor|documents)/") {
        return (pass);
    }
    # A signed-in reader gets the same copy as everyone (the app renders pages for nobody in particular; their own
    # state comes from the fragments above). Their session goes along on a miss, for the pages the app answers
    # privately (a page behind a view restriction), which are never stored; the lookup ignores cookies.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        set req.http.Cookie = regsub(req.http.Cookie, "^(?:.*;\s*)?(sessionid=[^;]*).*$", "\1");
        return (hash);
    }
    # Everything else is the same for every anonymous reader: drop cookies so one copy serves all.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Cache only what the app declared shareable; anything else (fragments, errors) passes through.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Keep a stale copy for up to a day, served only while the app is down (the app's stale-if-error).
    set beresp.grace = 24h;
    set beresp.keep = 1h;
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
