# syntax=docker/dockerfile:1
# pactd in a container: one static binary (the fonts and the Europe/Paris
# time zone are embedded in it) on distroless, run as a non-root user, with
# its database (reports included) and watched folder in the /data volume.
# See docs/DEPLOY.md.
#
# Nothing is published: the status site has no login yet, so it listens on
# the container's loopback (127.0.0.1:8080), as do /healthz and /metrics
# (127.0.0.1:9090, for the HEALTHCHECK below). docs/DEPLOY.md says how to
# reach them without exposing them.
#
#   docker build -t pactd .
#   docker run -d --name pactd --stop-timeout 45 -v pactd-data:/data pactd

FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOOS=linux GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
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
    PACTD_WATCH_DIR=/data/depot
VOLUME ["/data"]
WORKDIR /data
USER 65532:65532
# pactd stops within shutdown_timeout (30 s by default) after SIGTERM: give
# "docker stop" more than that (--stop-timeout 45, or stop_grace_period).
STOPSIGNAL SIGTERM
# pactd healthcheck asks /healthz on metrics_addr (127.0.0.1:9090).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["/pactd", "healthcheck"]
ENTRYPOINT ["/pactd"]
CMD ["run"]
