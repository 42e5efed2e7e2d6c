import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/connect';
import { App } from './app/App';
import { NotConnected } from './app/NotConnected';
import './styles.css';

const api = connectApi();
createRoot(document.getElementById('root')!).render(<StrictMode>{api ? <App api={api} /> : <NotConnected />}</StrictMode>);
