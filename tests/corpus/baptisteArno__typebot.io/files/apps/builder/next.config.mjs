import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withSentryConfig } from "@sentry/nextjs";
import { configureRuntimeEnv } from "next-runtime-env/build/configure.js";

const __filename = fileURLToPath(import.meta.url);

const __dirname = dirname(__filename);

const injectViewerUrlIfVercelPreview = (val) => {
  if (
    (val && typeof val === "string" && val.length > 0) ||
    process.env.VERCEL_ENV !== "preview" ||
    !process.env.VERCEL_BUILDER_PROJECT_NAME ||
    !process.env.NEXT_PUBLIC_VERCEL_VIEWER_PROJECT_NAME
  )
    return;
  process.env.NEXT_PUBLIC_VIEWER_URL =
    `https://${process.env.VERCEL_BRANCH_URL}`.replace(
      process.env.VERCEL_BUILDER_PROJECT_NAME,
      process.env.NEXT_PUBLIC_VERCEL_VIEWER_PROJECT_NAME,
    );
  if (process.env.NEXT_PUBLIC_CHAT_API_URL?.includes("{{pr_id}}"))
    process.env.NEXT_PUBLIC_CHAT_API_URL =
      process.env.NEXT_PUBLIC_CHAT_API_URL.replace(
        "{{pr_id}}",
        process.env.VERCEL_GIT_PULL_REQUEST_ID,
      );
};

injectViewerUrlIfVercelPreview(process.env.NEXT_PUBLIC_VIEWER_URL);

configureRuntimeEnv();

const noStoreHeaders = [
  {
    key: "Cache-Control",
    value: "private, no-cache, no-store, max-age=0, must-revalidate",
  },
  {
    key: "Pragma",
    value: "no-cache",
  },
  {
    key: "Expires",
    value: "0",
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  transpilePackages: [
    // https://github.com/nextauthjs/next-auth/discussions/9385#discussioncomment-12023012
    "next-auth",
    "@typebot.io/billing",
    "@typebot.io/blocks-bubbles",
  ],
  reactStrictMode: true,
  output: "standalone",
  i18n: {
    defaultLocale: "en",
    locales: ["en", "fr", "pt", "pt-BR", "de", "ro", "es", "it", "el"],
  },
  outputFileTracingRoot: join(__dirname, "../../"),
  headers: async () => {
    const isDev = process.env.NODE_ENV !== "production";
    return [
      {
        source: "/(.*)?",
        headers: [
          {
            key: "X-Frame-Options",
            value: "SAMEORIGIN",
          },
          {
            key: "X-Content-Type-Options",
            value: "nosniff",
          },
          {
            key: "Content-Security-Policy",
            value: [
              "default-src 'self'",
              `script-src 'self' 'unsafe-inline' 'unsafe-eval' blob: https:${isDev ? " http://localhost:* " : ""}`,
              "style-src 'self' 'unsafe-inline' https:",
              `connect-src 'self' https: wss:${
                isDev ? " http://localhost:* ws://localhost:*" : ""
              }`,
              "frame-src 'self' https:",
              `img-src 'self' data: blob: https:${isDev ? " http://localhost:*" : ""}`,
              "font-src 'self' https: data:",
              `media-src 'self' blob: https:${isDev ? " http://localhost:* " : ""}`,
              "worker-src 'self' blob:",
              "object-src 'none'",
              "frame-ancestors 'self'",
              "form-action 'self'",
              "base-uri 'self'",
            ].join("; "),
          },
        ],
      },
      {
        source: "/((?!api).*)",
        headers: [
          {
            key: "Access-Control-Allow-Origin",
            value: new URL(
              process.env.NEXTAUTH_URL || "https://app.typebot.com",
            ).origin,
          },
        ],
      },
      ...[
        "/",
        "/signin",
        "/register",
        "/__ENV.js",
        "/favicon.svg",
        "/robots.txt",
        "/sitemap.xml",
      ].map((source) => ({
        source,
        headers: noStoreHeaders,
      })),
    ];
  },
  async rewrites() {
    return [
      {
        source: "/healthz",
        destination: "/api/healthz",
      },
    ];
  },
};

export default async function config() {
  // Avoid loading env package when NX is creating the graph (nx-ignore command)
  if (global.NX_GRAPH_CREATION) return nextConfig;

  await import("@typebot.io/env/compiled");

  return process.env.SENTRY_DSN
    ? withSentryConfig(nextConfig, {
        org: process.env.SENTRY_ORG,
        project: process.env.SENTRY_PROJECT,
        authToken: process.env.SENTRY_AUTH_TOKEN,
        widenClientFileUpload: true,
        // Only print logs for uploading source maps in CI
        silent: !process.env.CI,
      })
    : nextConfig;
}
