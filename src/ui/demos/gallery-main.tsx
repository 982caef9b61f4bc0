import { createRoot } from 'react-dom/client';
import { DEMOS } from '../../demos/index.ts';
import { Gallery } from './Gallery.tsx';

const root = document.getElementById('root');
if (root) createRoot(root).render(<Gallery demos={DEMOS} />);
