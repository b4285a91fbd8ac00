/** Word lists the generators draw from. Plain and plausible: the stories matter, not the prose. */

export const FIRST_NAMES = [
  'Adele',
  'Alex',
  'Allan',
  'Ben',
  'Bianca',
  'Carlos',
  'Chen',
  'Dana',
  'Diego',
  'Elena',
  'Emily',
  'Farah',
  'Grady',
  'Hannah',
  'Isaiah',
  'Jana',
  'Johanna',
  'Kai',
  'Lee',
  'Lidia',
  'Lynne',
  'Megan',
  'Miriam',
  'Nestor',
  'Noor',
  'Olga',
  'Patti',
  'Pradeep',
  'Raul',
  'Sakura',
  'Samir',
  'Tomas',
  'Uma',
  'Victor',
  'Wei',
  'Yara',
] as const;

export const LAST_NAMES = [
  'Abbott',
  'Bauer',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Gupta',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Usman',
  'Varga',
  'Wilson',
  'Xu',
  'Yilmaz',
  'Zimmerman',
] as const;

export const DEPARTMENTS = [
  'Finance',
  'Engineering',
  'Sales',
  'Marketing',
  'Human Resources',
  'Legal',
  'IT',
  'Operations',
  'Research',
] as const;

export const JOB_TITLES = [
  'Analyst',
  'Engineer',
  'Manager',
  'Director',
  'Specialist',
  'Consultant',
  'Administrator',
];

export const CITIES = [
  { city: 'Redmond', state: 'Washington', countryOrRegion: 'US' },
  { city: 'London', state: 'England', countryOrRegion: 'GB' },
  { city: 'Paris', state: 'Ile-de-France', countryOrRegion: 'FR' },
  { city: 'Munich', state: 'Bavaria', countryOrRegion: 'DE' },
  { city: 'Tokyo', state: 'Tokyo', countryOrRegion: 'JP' },
  { city: 'Sydney', state: 'New South Wales', countryOrRegion: 'AU' },
] as const;

export const HOST_PREFIXES = ['desktop', 'laptop', 'srv', 'ws', 'dc', 'sql', 'web', 'build'] as const;

export const RBAC_GROUPS = [
  { id: 140, name: 'Workstations' },
  { id: 141, name: 'Servers' },
  { id: 142, name: 'Domain Controllers' },
  { id: 143, name: 'Finance Devices' },
] as const;

export const MACHINE_TAGS = ['VIP', 'Finance', 'Pilot', 'Kiosk', 'Critical', 'Remote'] as const;

export const APPS = [
  { appId: '00000002-0000-0ff1-ce00-000000000000', appDisplayName: 'Office 365 Exchange Online' },
  { appId: '00000003-0000-0ff1-ce00-000000000000', appDisplayName: 'Office 365 SharePoint Online' },
  { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', appDisplayName: 'Microsoft Teams' },
  { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', appDisplayName: 'OfficeHome' },
  { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', appDisplayName: 'Azure Portal' },
] as const;

/** Benign processes for background hunting rows. */
export const BENIGN_PROCESSES = [
  { file: 'svchost.exe', folder: 'C:\\Windows\\System32', cmd: 'svchost.exe -k netsvcs -p -s Schedule' },
  { file: 'explorer.exe', folder: 'C:\\Windows', cmd: 'C:\\Windows\\Explorer.EXE' },
  {
    file: 'chrome.exe',
    folder: 'C:\\Program Files\\Google\\Chrome\\Application',
    cmd: '"chrome.exe" --type=renderer',
  },
  {
    file: 'msedge.exe',
    folder: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application',
    cmd: '"msedge.exe" --no-startup-window',
  },
  {
    file: 'OUTLOOK.EXE',
    folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16',
    cmd: '"OUTLOOK.EXE" /recycle',
  },
  {
    file: 'WINWORD.EXE',
    folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16',
    cmd: '"WINWORD.EXE" /n',
  },
  {
    file: 'Teams.exe',
    folder: 'C:\\Users\\Public\\AppData\\Local\\Microsoft\\Teams\\current',
    cmd: '"Teams.exe" --system-initiated',
  },
  {
    file: 'conhost.exe',
    folder: 'C:\\Windows\\System32',
    cmd: '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
  },
  {
    file: 'MsMpEng.exe',
    folder: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0',
    cmd: '"MsMpEng.exe"',
  },
  { file: 'git.exe', folder: 'C:\\Program Files\\Git\\cmd', cmd: 'git.exe fetch --all' },
] as const;

export const BENIGN_DOMAINS = [
  'login.microsoftonline.com',
  'www.office.com',
  'teams.microsoft.com',
  'github.com',
  'www.bing.com',
  'update.googleapis.com',
  'outlook.office365.com',
  'cdn.jsdelivr.net',
] as const;

/** Invented attacker infrastructure (reserved TLDs and documentation IP ranges where possible). */
export const MALICIOUS_DOMAINS = [
  'login-micros0ft-secure.example',
  'cdn-update-check.test',
  'invoice-portal.example',
  'mail-verify-account.test',
  'payroll-docs.example',
  'sso-reset-password.test',
] as const;

export const EMAIL_SUBJECTS = [
  'Quarterly report',
  'Team lunch on Friday',
  'Updated travel policy',
  'Build failed on main',
  'Meeting notes',
  'Re: contract draft',
  'Your expense report was approved',
  'Welcome to the project',
] as const;
