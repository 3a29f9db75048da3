# syntax=docker/dockerfile:1
# pactd in a container: one static binary (the fonts and the Europe/Paris
# time zone are embedded in it) on distroless, run as a non-root user, with
# its database (weekly reports included) and watched folder in the /data
# volume. See docs/DEPLOY.md and, before publishing the port,
# docs/SECURITY.md.
#
# The status site listens on 0.0.0.0:8080 inside the container, so pactd
# run refuses to start until a login is configured (OpenID Connect or the
# local administrator, with web.public_url): everything the port serves is
# then behind a login. /healthz and /metrics have their own listener,
# metrics_addr, on the container's loopback (127.0.0.1:9090): the
# HEALTHCHECK reads it; it is not published.
#
#   docker build -t pactd .
#   docker run -d --name pactd --stop-timeout 45 -p 127.0.0.1:8080:8080 \
#     -v pactd-data:/data -v "$PWD/pactd.toml:/etc/pactd/pactd.toml:ro" \
#     -v "$PWD/admin-password-hash:/run/secrets/admin-password-hash:ro" \
#     -e PACTD_CONFIG=/etc/pactd/pactd.toml pactd

FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOOS=linux GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
# gofpdf is a patched copy in the tree (third_party/gofpdf/PATCHES.md).
COPY third_party ./third_party
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags "-s -w" -o /out/pactd ./cmd/pactd \
 && /out/pactd config > /dev/null \
 && mkdir -p /out/data/depot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/pactd /pactd
# The volume starts owned by the image's non-root user (65532, "nonroot").
COPY --from=build --chown=65532:65532 /out/data /data
ENV PACTD_DATABASE=/data/pactd.db \
    PACTD_WATCH_DIR=/data/depot \
    PACTD_HTTP_ADDR=0.0.0.0:8080
VOLUME ["/data"]
WORKDIR /data
EXPOSE 8080
USER 65532:65532
# pactd stops within shutdown_timeout (30 s by default) after SIGTERM: give
# "docker stop" more than that (--stop-timeout 45, or stop_grace_period).
STOPSIGNAL SIGTERM
# pactd healthcheck asks /healthz on metrics_addr (127.0.0.1:9090).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["/pactd", "healthcheck"]
ENTRYPOINT ["/pactd"]
CMD ["run"]
