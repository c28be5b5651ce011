// Where the caller is: a click on the outline map, or latitude and longitude typed in.
import { h } from '../dom.js';
import { t } from '../i18n.js';

const CHINA = [[17.5, 73], [54, 135]];

export function locationPicker() {
  const L = window.L;
  const lat = h('input', { type: 'number', name: 'lat', step: 'any', min: -90, max: 90, required: true });
  const lon = h('input', { type: 'number', name: 'lon', step: 'any', min: -180, max: 180, required: true });
  const canvas = h('div', { class: 'picker-map' });
  const element = h('div', { class: 'picker' }, canvas, h('div', { class: 'picker-inputs' },
    h('label', { class: 'inline' }, t('hotline.lat'), lat), h('label', { class: 'inline' }, t('hotline.lon'), lon),
    h('span', { class: 'muted small' }, t('hotline.click_map'))));
  let map = null;
  let marker = null;

  function place(latlng) {
    if (marker) marker.setLatLng(latlng); else marker = L.circleMarker(latlng, { radius: 7, color: '#c0262d', weight: 3, fillColor: '#fff', fillOpacity: 1 }).addTo(map);
  }

  // Leaflet needs the element in the page to measure it.
  requestAnimationFrame(async () => {
    if (!canvas.isConnected) return;
    map = L.map(canvas, { zoomSnap: 0.25, attributionControl: false });
    map.invalidateSize();
    map.fitBounds(CHINA, { padding: [4, 4] });
    const outlines = await (await fetch(new URL('../../map/china.geojson', import.meta.url))).json();
    L.geoJSON(outlines, { interactive: false, style: (f) => ({
      color: f.properties.layer === 'province' ? '#aab4bf' : '#55606e', weight: f.properties.layer === 'country' ? 1.2 : 0.6,
      fill: f.properties.layer !== 'province', fillColor: f.properties.layer === 'neighbour' ? '#eceef1' : '#fff', fillOpacity: 1,
    }) }).addTo(map);
    map.on('click', (event) => {
      lat.value = event.latlng.lat.toFixed(5);
      lon.value = event.latlng.lng.toFixed(5);
      place(event.latlng);
    });
  });
  const typed = () => { if (map && lat.value && lon.value) place([Number(lat.value), Number(lon.value)]); };
  lat.addEventListener('change', typed);
  lon.addEventListener('change', typed);
  return {
    element,
    value: () => ({ lat: lat.value === '' ? null : Number(lat.value), lon: lon.value === '' ? null : Number(lon.value) }),
    stop: () => { if (map) map.remove(); },
  };
}
