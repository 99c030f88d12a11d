; Inno Setup 6 script template: a per-user installer for the one-folder bundle in dist\mjdesk (PyInstaller).
; Rendered with the version of mjdesk/_version.py and the image types mjdesk opens
; (packaging/release_info.py, the same source as the macOS Info.plist and the release feed):
;   python packaging/release_info.py inno build/windows/mjdesk.iss
;   iscc build\windows\mjdesk.iss
; Output: dist\mjdesk-<version>-windows-x64-setup.exe

#define AppVersion "@VERSION@"

#define AppName "mjdesk"
#define AppExe "mjdesk.exe"
#define Root "..\.."

[Setup]
; The product's identity across versions (packaging/bundle_config.py WINDOWS_APP_ID): never change it.
AppId={{6E10712D-FD16-4945-885A-50E68729CF10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=mjdesk
AppPublisherURL=https://github.com/mjdesk/mjdesk
VersionInfoVersion={#AppVersion}
; Per-user install: no administrator rights, into %LOCALAPPDATA%\Programs\mjdesk; the user may still
; choose an all-users install in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile={#Root}\resources\icons\mjdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir={#Root}\dist
OutputBaseFilename=mjdesk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running mjdesk keeps its DLLs locked: ask to close it rather than fail half-way.
CloseApplications=yes
; The image types below appear in Explorer's "Open with" as soon as setup ends.
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\mjdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Generate images through Midjourney-compatible servers"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
@REGISTRY@

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python writes nothing into {app}, but an old version's leftovers must not survive an uninstall.
Type: filesandordirs; Name: "{app}\_internal"
