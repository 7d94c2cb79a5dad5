vcl 4.1;
# Varnish in front of Newsdesk: caches what the app marks public, purges by the app's surrogate keys (xkey).
# Point the backend below at your app server (varnishd's -b flag cannot be combined with -f, which loads this file).
# `make bench` loads a copy with its own backend address and checks cookie stripping and xkey purges on loopback.

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

# Only the app servers may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
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
    # A signed-in reader's session: personal pages are never shared.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Editors, accounts and the per-reader fragments keep their cookies and are never cached here.
    if (req.url ~ "^/(admin|django-admin|accounts|account|polls|comments|subscriptions|public-editor)/") {
        return (pass);
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
