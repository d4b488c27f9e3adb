# The Plimsoll GitHub App. Node 24 runs the TypeScript sources directly (type stripping), so the image
# is the production dependencies plus src/, rules/ and app/ - no build step.
#   docker build -t plimsoll-app .
#   docker run -p 3000:3000 -e APP_ID=... -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=... plimsoll-app
FROM node:24-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: nothing in the runtime dependencies needs an install script.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    PORT=3000
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY rules ./rules
COPY schema ./schema
COPY app ./app
# A numeric non-root user, so Kubernetes can verify runAsNonRoot (deploy/app.yaml runs it read-only).
USER 10001:10001
EXPOSE 3000
CMD ["node", "app/main.ts"]
