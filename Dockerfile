FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --omit=dev --ignore-scripts \
 && npm install --no-save prisma@6.19.3 typescript@5.9 \
 && DATABASE_URL=postgresql://localhost/unused npx prisma generate
COPY . .
# bin/scholartrack.js runs the compiled CLI in dist/.
RUN npm run build
ENTRYPOINT ["node", "bin/scholartrack.js"]
CMD ["worker"]
