# Cubby's image: the standalone output of `npm run build` (the directory the tests serve, see
# sandbox/dashboard.ts serveDashboard) plus the pinned helm binary, run as a non-root user.
#   docker build -t registry.example.com/platform/cubby:0.1.0 .
# Base images are pinned by tag; pin them by digest too (FROM image:tag@sha256:...) where your
# registry policy asks for it. scripts/standalone.test.ts keeps this file in step with
# the build layout and the chart.

# 1. helm, built from Go modules like the sandbox's (sandbox/build.sh): the version comes from
#    sandbox/versions.env and the Go checksum database verifies every module, so no downloaded
#    binary is trusted. CGO off: a static binary that runs on any base.
FROM golang:1.26.8-bookworm AS helm
COPY sandbox/versions.env /tmp/versions.env
RUN . /tmp/versions.env \
 && CGO_ENABLED=0 GOBIN=/out go install -trimpath \
      -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
      "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" \
 && /out/helm version --short

# 2. The dashboard: npm ci from the lockfile, then `npm run build` (next build with standalone
#    output, then scripts/standalone-assets.ts adds static files, public/ and the post-renderer).
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# 3. The runtime: Node and the standalone directory, nothing else of the build.
FROM node:20.20.2-bookworm-slim
# helm is a Go program: it needs the system CA bundle to pull the vCluster chart over https.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The chart runs the pod as 10001 (runAsUser, runAsNonRoot needs a numeric USER).
RUN groupadd --system --gid 10001 cubby \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin cubby
WORKDIR /app
# Owned by root and read-only to the app user; the chart also mounts the root filesystem
# read-only, with emptyDirs for /tmp, the chart cache and /app/.next/cache.
COPY --from=build /src/.next/standalone /app
COPY --from=helm /out/helm /usr/local/bin/helm
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    CUBBY_HELM_BIN=/usr/local/bin/helm \
    CUBBY_HELM_POST_RENDERER=/app/lib/vcluster/helm-post-renderer.mjs
USER 10001:10001
EXPOSE 3000
CMD ["node", "server.js"]
