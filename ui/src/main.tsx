import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { endpoints } from "./config.ts";
import "./style.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App endpoints={endpoints(location.search)} />
  </StrictMode>,
);
