package web

import (
	"net"
	"net/http"
	"strings"
)

// hostOK checks the Host header: with logins, it must be the public URL's
// host (a page reached under another name is a misconfigured proxy or a
// DNS rebinding attack); without, it must be a loopback name, since the
// site only answers on loopback.
func (s *Server) hostOK(r *http.Request) bool {
	if s.Auth != nil && s.Auth.PublicURL != nil {
		return sameHost(r.Host, s.Auth.PublicURL.Host, s.Auth.PublicURL.Scheme)
	}
	return loopbackHostHeader(r.Host)
}

// loopbackHostHeader reports whether a Host header names the machine
// itself ("localhost", 127.0.0.1, [::1], with any port).
func loopbackHostHeader(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameHost compares two host[:port] values, a default port written or not.
func sameHost(got, want, scheme string) bool {
	norm := func(h string) string {
		h = strings.ToLower(h)
		if _, _, err := net.SplitHostPort(h); err != nil {
			if scheme == "https" {
				return h + ":443"
			}
			return h + ":80"
		}
		return h
	}
	return got != "" && norm(got) == norm(want)
}
