export { SETTINGS, SETTING_GROUPS, DISCORD_CHANNELS, isSettingKey, settingDefinition } from './definitions.js';
export type { SettingDefinition, SettingGroup, SettingKey, SettingValue, DiscordChannel } from './definitions.js';
export { getSetting, isSettingStored, clearSettingsCache } from './get-setting.js';
export { setSetting } from './set-setting.js';
export { listSettings, type SettingListing } from './list-settings.js';
export { parseSettingInput } from './codec.js';
