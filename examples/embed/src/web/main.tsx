import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@livebell/react/styles.css';
import { App } from './app.js';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
