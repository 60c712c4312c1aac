import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served from any path (relative asset URLs), so `dist/` works behind any static server.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { target: "es2022", sourcemap: true },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
