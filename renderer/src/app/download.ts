/** Saves text as a file the user downloads (a save dialog in Electron); returns what to tell them. */
export function downloadText(filename: string, mediaType: string, content: string): string {
  const url = URL.createObjectURL(new Blob([content], { type: mediaType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return `Saved ${filename} (${size(new Blob([content]).size)}) to your downloads.`;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes.toLocaleString('en')} B` : `${(bytes / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KB`;
}
