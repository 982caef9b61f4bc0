import { createRoot } from 'react-dom/client';
import { acquireBrowserGpu } from '../engine/device-browser.ts';
import { App } from './App.tsx';

// Acquired once per page, outside React, so re-renders never request a second device.
const gpu = acquireBrowserGpu();
gpu.catch(() => undefined);

const root = document.getElementById('root');
if (root) createRoot(root).render(<App gpu={gpu} />);
