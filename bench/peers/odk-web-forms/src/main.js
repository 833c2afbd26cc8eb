// ODK Web Forms, set up as its README says: install the plugin, then render <OdkWebForm>.
// The package injects its own styles (PrimeVue theme, PrimeFlex, fonts) from its JavaScript.
import { createApp } from 'vue';
import { webFormsPlugin } from '@getodk/web-forms';
import App from './App.vue';

const app = createApp(App);
app.use(webFormsPlugin);
app.mount('#app');
