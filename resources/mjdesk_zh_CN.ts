<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionTab</name>
    <message>
        <source>Starting… Submitting is possible in a moment.</source>
        <translation>正在启动… 稍后即可提交。</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Submit (Ctrl+Enter)</source>
        <translation>提交（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Submit {action}</source>
        <translation>提交{action}</translation>
    </message>
    <message>
        <source>This server ({dialect}) does not offer {action}. Choose a server that does.</source>
        <translation>此服务器（{dialect}）不提供“{action}”功能，请选择支持它的服务器。</translation>
    </message>
    <message>
        <source>No server is set up. Add one in Settings (Ctrl+,), or use File → Try the demo.</source>
        <translation>尚未设置服务器。请在“设置”（Ctrl+,）中添加，或使用“文件 → 试用演示”。</translation>
    </message>
</context>
<context>
    <name>BlendTab</name>
    <message>
        <source>Images to blend (2 to 5)</source>
        <translation>要混合的图片（2 到 5 张）</translation>
    </message>
    <message>
        <source>Square (1:1)</source>
        <translation>方形（1:1）</translation>
    </message>
    <message>
        <source>Portrait (2:3)</source>
        <translation>竖版（2:3）</translation>
    </message>
    <message>
        <source>Landscape (3:2)</source>
        <translation>横版（3:2）</translation>
    </message>
    <message>
        <source>Shape of the result</source>
        <translation>结果的比例</translation>
    </message>
    <message>
        <source>&amp;Shape</source>
        <translation>比例(&amp;S)</translation>
    </message>
    <message>
        <source>Wait until the images are ready.</source>
        <translation>请等待图片处理完成。</translation>
    </message>
    <message>
        <source>Remove the images that could not be used.</source>
        <translation>请移除无法使用的图片。</translation>
    </message>
    <message>
        <source>Add at least two images to blend.</source>
        <translation>请至少添加两张图片进行混合。</translation>
    </message>
    <message>
        <source>{count} images, {shape}</source>
        <translation>{count} 张图片，{shape}</translation>
    </message>
</context>
<context>
    <name>CustomZoomDialog</name>
    <message>
        <source>&amp;Aspect ratio</source>
        <translation>宽高比(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Zoom out by</source>
        <translation>缩小倍数(&amp;Z)</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <source>Aspect ratio height</source>
        <translation>宽高比：高</translation>
    </message>
    <message>
        <source>Aspect ratio width</source>
        <translation>宽高比：宽</translation>
    </message>
    <message>
        <source>Custom Zoom</source>
        <translation>自定义缩放</translation>
    </message>
    <message>
        <source>Custom Zoom needs --zoom with a value from 1 to 2.</source>
        <translation>自定义缩放需要 --zoom，取值为 1 到 2。</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>How far to zoom out: 1 keeps the framing, 2 doubles the width and height of the view</source>
        <translation>向外扩展的程度：1 保持原有构图，2 使画面的宽和高都扩大一倍</translation>
    </message>
    <message>
        <source>Keep ({ar})</source>
        <translation>保持（{ar}）</translation>
    </message>
    <message>
        <source>Keep the image's</source>
        <translation>保持原图比例</translation>
    </message>
    <message>
        <source>Submit Custom Zoom</source>
        <translation>提交自定义缩放</translation>
    </message>
    <message>
        <source>Zoom factor</source>
        <translation>缩放倍数</translation>
    </message>
</context>
<context>
    <name>DescribeTab</name>
    <message>
        <source>Image to describe</source>
        <translation>要解析的图片</translation>
    </message>
    <message>
        <source>&lt;b&gt;Suggested prompts&lt;/b&gt;</source>
        <translation>&lt;b&gt;推荐的提示词&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Use in Imagine</source>
        <translation>用于“绘图”</translation>
    </message>
    <message>
        <source>Submit an image to get four prompts that could have made it.</source>
        <translation>提交一张图片，获得四条可能生成它的提示词。</translation>
    </message>
    <message>
        <source>Wait until the image is ready.</source>
        <translation>请等待图片处理完成。</translation>
    </message>
    <message>
        <source>This image cannot be used; choose another one.</source>
        <translation>这张图片无法使用，请换一张。</translation>
    </message>
    <message>
        <source>Add the image to describe.</source>
        <translation>请添加要解析的图片。</translation>
    </message>
    <message>
        <source>Describing…</source>
        <translation>正在解析…</translation>
    </message>
    <message>
        <source>The job failed.</source>
        <translation>任务失败。</translation>
    </message>
    <message>
        <source>The server returned no prompts.</source>
        <translation>服务器没有返回提示词。</translation>
    </message>
</context>
<context>
    <name>ImageInput</name>
    <message>
        <source>Add images…</source>
        <translation>添加图片…</translation>
    </message>
    <message>
        <source>Choose image…</source>
        <translation>选择图片…</translation>
    </message>
    <message>
        <source>Add images to {title}</source>
        <translation>向“{title}”添加图片</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Paste an image or image link (Ctrl+V)</source>
        <translation>粘贴图片或图片链接（Ctrl+V）</translation>
    </message>
    <message>
        <source>Paste an image into {title}</source>
        <translation>向“{title}”粘贴图片</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Remove all images from {title}</source>
        <translation>清空“{title}”中的所有图片</translation>
    </message>
    <message>
        <source>Drop images here, paste with Ctrl+V, or use “Add images…”.</source>
        <translation>将图片拖到这里、按 Ctrl+V 粘贴，或点击“添加图片…”。</translation>
    </message>
    <message>
        <source>Drop an image here, paste with Ctrl+V, or use “Choose image…”.</source>
        <translation>将图片拖到这里、按 Ctrl+V 粘贴，或点击“选择图片…”。</translation>
    </message>
    <message>
        <source>Files, images dragged from a web page, and copied images all work.</source>
        <translation>支持本地文件、从网页拖来的图片以及复制的图片。</translation>
    </message>
    <message>
        <source>{count} of {max}</source>
        <translation>{count} / {max}</translation>
    </message>
    <message>
        <source>Nothing usable there: drop image files, images from a web page, or image links.</source>
        <translation>没有可用的内容：请拖入图片文件、网页中的图片或图片链接。</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>Choose images</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>图片（{patterns}）</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>The clipboard is empty.</source>
        <translation>剪贴板是空的。</translation>
    </message>
    <message>
        <source>The clipboard holds no image or image link.</source>
        <translation>剪贴板中没有图片或图片链接。</translation>
    </message>
    <message>
        <source>Only one image fits here; {left} left out.</source>
        <translation>这里只能放 1 张图片，有 {left} 张未添加。</translation>
    </message>
    <message>
        <source>Only {max} images fit here; {left} left out.</source>
        <translation>这里最多放 {max} 张图片，有 {left} 张未添加。</translation>
    </message>
</context>
<context>
    <name>ImageInputError</name>
    <message>
        <source>cannot be made smaller than {limit:.2f} MiB without going below {min} px</source>
        <translation>无法在不小于 {min} 像素的前提下压缩到 {limit:.2f} MiB 以内</translation>
    </message>
    <message>
        <source>too small to be a 2×2 grid ({width}×{height} px)</source>
        <translation>尺寸太小，不是 2×2 四宫格（{width}×{height} 像素）</translation>
    </message>
    <message>
        <source>expected {expected} bytes for {width}×{height} px, got {got}</source>
        <translation>{width}×{height} 像素应为 {expected} 字节，实际为 {got}</translation>
    </message>
    <message>
        <source>nothing is painted; paint over the area to repaint</source>
        <translation>尚未涂抹任何区域；请涂抹需要重绘的部分</translation>
    </message>
    <message>
        <source>the whole image is painted; leave the part to keep unpainted, or use Vary</source>
        <translation>整张图都被涂抹了；请留出要保留的部分，或改用“变化”</translation>
    </message>
    <message>
        <source>an SVG drawing, not a raster image; export it as PNG or JPEG first</source>
        <translation>这是 SVG 矢量图，不是位图；请先导出为 PNG 或 JPEG</translation>
    </message>
    <message>
        <source>a web page, not an image</source>
        <translation>这是网页，不是图片</translation>
    </message>
    <message>
        <source>a text file, not an image</source>
        <translation>这是文本文件，不是图片</translation>
    </message>
    <message>
        <source>a PDF document, not an image; export the page as PNG or JPEG</source>
        <translation>这是 PDF 文档，不是图片；请将页面导出为 PNG 或 JPEG</translation>
    </message>
    <message>
        <source>a Photoshop document; export it as PNG or JPEG first</source>
        <translation>这是 Photoshop 文档；请先导出为 PNG 或 JPEG</translation>
    </message>
    <message>
        <source>a video, not an image</source>
        <translation>这是视频，不是图片</translation>
    </message>
    <message>
        <source>not enough memory to decode it</source>
        <translation>内存不足，无法解码</translation>
    </message>
    <message>
        <source>the image has no pixels</source>
        <translation>图片没有像素</translation>
    </message>
    <message>
        <source>too small ({width}×{height} px; at least {min} px on each side)</source>
        <translation>尺寸太小（{width}×{height} 像素；每边至少 {min} 像素）</translation>
    </message>
    <message>
        <source>aspect ratio too extreme ({width}×{height} px; at most {max:g}:1)</source>
        <translation>宽高比过于极端（{width}×{height} 像素；最多 {max:g}:1）</translation>
    </message>
    <message>
        <source>not an image (unrecognised content)</source>
        <translation>不是图片（无法识别的内容）</translation>
    </message>
    <message>
        <source>HEIC/HEIF photos need the pillow-heif package, which is not installed</source>
        <translation>HEIC/HEIF 照片需要 pillow-heif 组件，当前未安装</translation>
    </message>
    <message>
        <source>AVIF is not supported by this installation of Pillow</source>
        <translation>当前安装的 Pillow 不支持 AVIF</translation>
    </message>
    <message>
        <source>the image claims {width}×{height} px ({mp:.0f} megapixels), above the limit of {limit:.0f}; refusing to decode it</source>
        <translation>图片声明尺寸为 {width}×{height} 像素（{mp:.0f} 百万像素），超过 {limit:.0f} 的上限，已拒绝解码</translation>
    </message>
    <message>
        <source>the {format} file is truncated (incomplete download or copy?)</source>
        <translation>{format} 文件不完整（下载或复制是否中断？）</translation>
    </message>
    <message>
        <source>the {format} file is damaged and cannot be decoded</source>
        <translation>{format} 文件已损坏，无法解码</translation>
    </message>
    <message>
        <source>the pixel buffer is too short for {width}×{height} px</source>
        <translation>像素数据不足 {width}×{height} 像素</translation>
    </message>
    <message>
        <source>needs at least {min} images, got {count}</source>
        <translation>至少需要 {min} 张图片，当前 {count} 张</translation>
    </message>
    <message>
        <source>needs exactly {min} images, got {count}</source>
        <translation>需要正好 {min} 张图片，当前 {count} 张</translation>
    </message>
    <message>
        <source>takes {min}–{max} images, got {count}</source>
        <translation>需要 {min}–{max} 张图片，当前 {count} 张</translation>
    </message>
    <message>
        <source>{count} images need {total:.1f} MiB, more than the request limit of {limit:.1f} MiB even when scaled down</source>
        <translation>{count} 张图片即使缩小后也需要 {total:.1f} MiB，超过单次请求 {limit:.1f} MiB 的上限</translation>
    </message>
    <message>
        <source>the image is empty (0 bytes)</source>
        <translation>图片是空的（0 字节）</translation>
    </message>
    <message>
        <source>this is a folder, not an image file</source>
        <translation>这是文件夹，不是图片文件</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation>文件是空的（0 字节）</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <source>cannot read the file ({error})</source>
        <translation>无法读取文件（{error}）</translation>
    </message>
    <message>
        <source>the file is too large ({size:.1f} MiB, the limit is {limit:.0f} MiB)</source>
        <translation>文件太大（{size:.1f} MiB，上限为 {limit:.0f} MiB）</translation>
    </message>
    <message>
        <source>not a valid data URL (no comma)</source>
        <translation>不是有效的 data URL（缺少逗号）</translation>
    </message>
    <message>
        <source>the data URL is not valid base64</source>
        <translation>data URL 不是有效的 base64</translation>
    </message>
    <message>
        <source>the server answered HTTP {status}</source>
        <translation>服务器返回 HTTP {status}</translation>
    </message>
    <message>
        <source>the download timed out after {seconds:g} s</source>
        <translation>下载在 {seconds:g} 秒后超时</translation>
    </message>
    <message>
        <source>the download failed ({error})</source>
        <translation>下载失败（{error}）</translation>
    </message>
    <message>
        <source>the download is larger than {limit:.0f} MiB</source>
        <translation>下载内容超过 {limit:.0f} MiB</translation>
    </message>
    <message>
        <source>no file name or URL given</source>
        <translation>未提供文件名或网址</translation>
    </message>
    <message>
        <source>needs at least {min} image, got {count}</source>
        <translation>至少需要 {min} 张图片，当前 {count} 张</translation>
    </message>
    <message>
        <source>needs exactly {min} image, got {count}</source>
        <translation>需要正好 {min} 张图片，当前 {count} 张</translation>
    </message>
    <message>
        <source>the mask is not a readable image</source>
        <translation>遮罩不是可读取的图片</translation>
    </message>
</context>
<context>
    <name>ImageTile</name>
    <message>
        <source>Preparing the image</source>
        <translation>正在处理图片</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>Move {name} earlier</source>
        <translation>将 {name} 前移</translation>
    </message>
    <message>
        <source>Move {name} later</source>
        <translation>将 {name} 后移</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>移除 {name}</translation>
    </message>
    <message>
        <source>{width}×{height} · {format} · {size}</source>
        <translation>{width}×{height} · {format} · {size}</translation>
    </message>
    <message>
        <source>scaled from {width}×{height}</source>
        <translation>已从 {width}×{height} 缩小</translation>
    </message>
    <message>
        <source>Image {name}: {details}</source>
        <translation>图片 {name}：{details}</translation>
    </message>
    <message>
        <source>Image {name} could not be used: {error}</source>
        <translation>图片 {name} 无法使用：{error}</translation>
    </message>
    <message>
        <source>This image carries its prompt:
{prompt}</source>
        <translation>此图片带有提示词：
{prompt}</translation>
    </message>
    <message>
        <source>Use its prompt</source>
        <translation>使用其提示词</translation>
    </message>
    <message>
        <source>Use the prompt written in {name}</source>
        <translation>使用 {name} 中记录的提示词</translation>
    </message>
</context>
<context>
    <name>ImagineTab</name>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <source>Recent prompts</source>
        <translation>最近的提示词</translation>
    </message>
    <message>
        <source>Pick a prompt you submitted before</source>
        <translation>选择以前提交过的提示词</translation>
    </message>
    <message>
        <source>Describe the image, then add parameters — e.g. “a lighthouse at dusk, watercolor --ar 3:2”. The controls below edit this text.</source>
        <translation>先描述画面，再添加参数——例如“a lighthouse at dusk, watercolor --ar 3:2”。下方的控件会直接修改这段文字。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Problems in the prompt</source>
        <translation>提示词中的问题</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>width:height</source>
        <translation>宽:高</translation>
    </message>
    <message>
        <source>&amp;Aspect ratio</source>
        <translation>宽高比(&amp;A)</translation>
    </message>
    <message>
        <source>Aspect ratio (--ar)</source>
        <translation>宽高比（--ar）</translation>
    </message>
    <message>
        <source>Custom aspect ratio, width:height</source>
        <translation>自定义宽高比，宽:高</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Model version (--v or --niji)</source>
        <translation>模型版本（--v 或 --niji）</translation>
    </message>
    <message>
        <source>&amp;Stylize</source>
        <translation>风格化(&amp;S)</translation>
    </message>
    <message>
        <source>Stylize (--stylize), 0 to 1000</source>
        <translation>风格化（--stylize），0 到 1000</translation>
    </message>
    <message>
        <source>C&amp;haos</source>
        <translation>混乱度(&amp;H)</translation>
    </message>
    <message>
        <source>Chaos (--chaos), 0 to 100</source>
        <translation>混乱度（--chaos），0 到 100</translation>
    </message>
    <message>
        <source>&amp;Weird</source>
        <translation>怪异度(&amp;W)</translation>
    </message>
    <message>
        <source>Weird (--weird), 0 to 3000</source>
        <translation>怪异度（--weird），0 到 3000</translation>
    </message>
    <message>
        <source>&amp;Quality</source>
        <translation>质量(&amp;Q)</translation>
    </message>
    <message>
        <source>Quality (--quality)</source>
        <translation>质量（--quality）</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Seed (--seed), 0 to 4294967295</source>
        <translation>种子（--seed），0 到 4294967295</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Relax</source>
        <translation>慢速</translation>
    </message>
    <message>
        <source>Turbo</source>
        <translation>极速</translation>
    </message>
    <message>
        <source>S&amp;peed</source>
        <translation>速度(&amp;P)</translation>
    </message>
    <message>
        <source>Speed (--fast, --relax, --turbo)</source>
        <translation>速度（--fast、--relax、--turbo）</translation>
    </message>
    <message>
        <source>things to leave out, e.g. text, watermark</source>
        <translation>不想出现的内容，例如“text, watermark”</translation>
    </message>
    <message>
        <source>E&amp;xclude</source>
        <translation>排除(&amp;X)</translation>
    </message>
    <message>
        <source>Exclude (--no)</source>
        <translation>排除（--no）</translation>
    </message>
    <message>
        <source>&amp;Tile (seamless pattern)</source>
        <translation>平铺(&amp;T)（无缝图案）</translation>
    </message>
    <message>
        <source>Tile (--tile)</source>
        <translation>平铺（--tile）</translation>
    </message>
    <message>
        <source>&amp;Raw style (less auto-beautifying)</source>
        <translation>原始风格(&amp;R)（减少自动美化）</translation>
    </message>
    <message>
        <source>Raw style (--style raw)</source>
        <translation>原始风格（--style raw）</translation>
    </message>
    <message>
        <source>References</source>
        <translation>参考</translation>
    </message>
    <message>
        <source>St&amp;yle reference</source>
        <translation>风格参考(&amp;Y)</translation>
    </message>
    <message>
        <source>image links or style codes, space-separated</source>
        <translation>图片链接或风格代码，用空格分隔</translation>
    </message>
    <message>
        <source>Style reference (--sref)</source>
        <translation>风格参考（--sref）</translation>
    </message>
    <message>
        <source>Style weight (--sw), 0 to 1000</source>
        <translation>风格权重（--sw），0 到 1000</translation>
    </message>
    <message>
        <source>Cha&amp;racter reference</source>
        <translation>角色参考(&amp;R)</translation>
    </message>
    <message>
        <source>image links (V6 / Niji 6)</source>
        <translation>图片链接（V6 / Niji 6）</translation>
    </message>
    <message>
        <source>Character reference (--cref)</source>
        <translation>角色参考（--cref）</translation>
    </message>
    <message>
        <source>Character weight (--cw), 0 to 100</source>
        <translation>角色权重（--cw），0 到 100</translation>
    </message>
    <message>
        <source>&amp;Omni reference</source>
        <translation>全能参考(&amp;O)</translation>
    </message>
    <message>
        <source>one image link (V7)</source>
        <translation>一个图片链接（V7）</translation>
    </message>
    <message>
        <source>Omni reference (--oref)</source>
        <translation>全能参考（--oref）</translation>
    </message>
    <message>
        <source>Omni weight (--ow), 1 to 1000</source>
        <translation>全能权重（--ow），1 到 1000</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Image prompts</source>
        <translation>垫图</translation>
    </message>
    <message>
        <source>Images sent with the prompt; Midjourney blends their look into the result.</source>
        <translation>随提示词一起发送的图片，Midjourney 会把它们的观感融入结果。</translation>
    </message>
    <message>
        <source>&amp;Image weight</source>
        <translation>垫图权重(&amp;I)</translation>
    </message>
    <message>
        <source>Image weight (--iw), 0 to 3</source>
        <translation>垫图权重（--iw），0 到 3</translation>
    </message>
    <message>
        <source>Recent prompts…</source>
        <translation>最近的提示词…</translation>
    </message>
    <message>
        <source>No recent prompts</source>
        <translation>暂无最近的提示词</translation>
    </message>
    <message>
        <source>Wait until the image prompts are ready.</source>
        <translation>请等待垫图处理完成。</translation>
    </message>
    <message>
        <source>Remove the image prompts that could not be used.</source>
        <translation>请移除无法使用的垫图。</translation>
    </message>
    <message>
        <source>Experime&amp;ntal</source>
        <translation>实验(&amp;N)</translation>
    </message>
    <message>
        <source>Experimental aesthetics (--exp), 0 to 100</source>
        <translation>实验性美学（--exp），0 到 100</translation>
    </message>
    <message>
        <source>HD (V&amp;8)</source>
        <translation>高清 (V&amp;8)</translation>
    </message>
    <message>
        <source>High definition (--hd), V8 and later</source>
        <translation>高清（--hd），V8 及以上</translation>
    </message>
    <message>
        <source>Personali&amp;ze</source>
        <translation>个性化(&amp;Z)</translation>
    </message>
    <message>
        <source>Personalization profile or moodboard codes (--p), space-separated</source>
        <translation>个性化配置或情绪板代码（--p），用空格分隔</translation>
    </message>
    <message>
        <source>profile or moodboard codes</source>
        <translation>个性化配置或情绪板代码</translation>
    </message>
    <message>
        <source>Dra&amp;ft</source>
        <translation>草稿(&amp;F)</translation>
    </message>
    <message>
        <source>Draft mode (--draft): faster, half the cost; V7 and later</source>
        <translation>草稿模式（--draft）：更快，半价；V7 及以上</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Name for “{codes}”:</source>
        <translation>为“{codes}”命名：</translation>
    </message>
    <message>
        <source>No saved codes yet</source>
        <translation>还没有保存的代码</translation>
    </message>
    <message>
        <source>Personalization codes are letters and digits, separated by spaces.</source>
        <translation>个性化代码只能由字母和数字组成，用空格分隔。</translation>
    </message>
    <message>
        <source>Save personalization codes</source>
        <translation>保存个性化代码</translation>
    </message>
    <message>
        <source>Save these codes as…</source>
        <translation>将这些代码保存为…</translation>
    </message>
    <message>
        <source>Saved personalization codes</source>
        <translation>已保存的个性化代码</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Submit {count} jobs</source>
        <translation>提交 {count} 个任务</translation>
    </message>
    <message>
        <source>An expired reference link could not be renewed: {error}</source>
        <translation>过期的参考链接无法更新：{error}</translation>
    </message>
    <message>
        <source>Pick a saved reference from the reference library</source>
        <translation>从参考库中选择已保存的参考</translation>
    </message>
    <message>
        <source>Reference &amp;library…</source>
        <translation>参考库(&amp;L)…</translation>
    </message>
    <message>
        <source>Saved style, character and omni references and personalization codes (drag them here too)</source>
        <translation>已保存的风格、角色和全能参考以及个性化代码（也可以拖到这里）</translation>
    </message>
</context>
<context>
    <name>JobList</name>
    <message>
        <source>Imagine</source>
        <translation>绘图</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>混图</translation>
    </message>
    <message>
        <source>Describe</source>
        <translation>图生文</translation>
    </message>
    <message>
        <source>Shorten</source>
        <translation>精简提示词</translation>
    </message>
    <message>
        <source>Swap Face</source>
        <translation>换脸</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>提交中…</translation>
    </message>
    <message>
        <source>Queued ({count} ahead)</source>
        <translation>排队中（前面还有 {count} 个）</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running {progress}%</source>
        <translation>生成中 {progress}%</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>No jobs yet.
What you submit from the tabs on the left appears here, with its progress and result.</source>
        <translation>还没有任务。
在左侧各标签页提交的任务会显示在这里，并附带进度和结果。</translation>
    </message>
    <message>
        <source>Submitted jobs</source>
        <translation>已提交的任务</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel this queued submit: {title}</source>
        <translation>取消这个等待提交的任务：{title}</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Dismiss this job: {title}</source>
        <translation>忽略此任务：{title}</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>后续操作</translation>
    </message>
    <message>
        <source>Resubmit</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>再次发送</translation>
    </message>
    <message>
        <source>Send this job again: {title}</source>
        <translation>再次发送此任务：{title}</translation>
    </message>
    <message>
        <source>The connection broke after the request left, so the server may have accepted (and charged) it. Resubmit only if it does not show up; Dismiss if it did.</source>
        <translation>请求发出后连接中断，服务器可能已经接受（并计费）。只有确认它没有出现时才重新提交；如果已出现，请点“忽略”。</translation>
    </message>
    <message>
        <source>The job failed.</source>
        <translation>任务失败。</translation>
    </message>
    <message>
        <source>The server no longer knows this task. Whatever was downloaded is kept.</source>
        <translation>服务器已找不到此任务。已下载的内容会保留。</translation>
    </message>
    <message>
        <source>The server's queue is full. mjdesk will try again by itself (next try at {time}).</source>
        <translation>服务器队列已满。mjdesk 会自动重试（下次尝试时间 {time}）。</translation>
    </message>
    <message>
        <source>Done — saving the results…</source>
        <translation>完成 — 正在保存结果…</translation>
    </message>
    <message>
        <source>Done — some results could not be saved</source>
        <translation>完成 — 部分结果未能保存</translation>
    </message>
    <message>
        <source>May not have reached the server</source>
        <translation>可能未送达服务器</translation>
    </message>
    <message>
        <source>Queue full — will submit when it frees</source>
        <translation>队列已满 — 空出后自动提交</translation>
    </message>
    <message>
        <source>Waiting for your answer</source>
        <translation>等待你的回应</translation>
    </message>
    <message>
        <source>Withdrawn — nothing more is sent</source>
        <translation>已撤回 — 不会再发送</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Retexture</source>
        <translation>重新纹理</translation>
    </message>
    <message>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Variation</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>waiting for the server…</source>
        <translation>正在等待服务器…</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>Answers to the server's questions</source>
        <translation>回答服务器的询问</translation>
    </message>
    <message>
        <source>Follow-up (older form)</source>
        <translation>后续操作（旧接口）</translation>
    </message>
    <message>
        <source>Follow-up by text</source>
        <translation>按文字提交后续操作</translation>
    </message>
    <message>
        <source>Paged task history</source>
        <translation>分页任务历史</translation>
    </message>
    <message>
        <source>Quota information</source>
        <translation>额度信息</translation>
    </message>
    <message>
        <source>Task list</source>
        <translation>任务列表</translation>
    </message>
    <message>
        <source>Task queue</source>
        <translation>任务队列</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Waiting for an answer</source>
        <translation>等待回答</translation>
    </message>
    <message>
        <source>On hold in your queue</source>
        <translation>在你的队列中暂缓</translation>
    </message>
    <message>
        <source>Waiting in your queue</source>
        <translation>在你的队列中等待</translation>
    </message>
    <message>
        <source>Price list</source>
        <translation>价格表</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>mjdesk — demo (built-in simulator)</source>
        <translation>mjdesk — 演示（内置模拟器）</translation>
    </message>
    <message>
        <source>mjdesk</source>
        <translation>mjdesk</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>功能</translation>
    </message>
    <message>
        <source>&amp;Imagine</source>
        <translation>绘图(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Blend</source>
        <translation>混图(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Describe</source>
        <translation>图生文(&amp;D)</translation>
    </message>
    <message>
        <source>S&amp;horten</source>
        <translation>精简提示词(&amp;H)</translation>
    </message>
    <message>
        <source>S&amp;wap Face</source>
        <translation>换脸(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Video</source>
        <translation>视频(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Upload</source>
        <translation>上传(&amp;U)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Jobs&lt;/b&gt;</source>
        <translation>&lt;b&gt;任务&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About mjdesk</source>
        <translation>关于 mjdesk(&amp;A)</translation>
    </message>
    <message>
        <source>About mjdesk</source>
        <translation>关于 mjdesk</translation>
    </message>
    <message>
        <source>mjdesk {version}
A desktop client for Midjourney-compatible servers.</source>
        <translation>mjdesk {version}
适用于 Midjourney 兼容服务器的桌面客户端。</translation>
    </message>
    <message>
        <source>Server: {name} ({dialect})</source>
        <translation>服务器：{name}（{dialect}）</translation>
    </message>
    <message>
        <source>No server set up</source>
        <translation>尚未设置服务器</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Checking the connection…</source>
        <translation>正在检查连接…</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● 已连接</translation>
    </message>
    <message>
        <source>● The server refused the API key</source>
        <translation>● 服务器拒绝了 API 密钥</translation>
    </message>
    <message>
        <source>● Server unreachable</source>
        <translation>● 无法连接服务器</translation>
    </message>
    <message>
        <source>Jobs: {running} running, {queued} queued</source>
        <translation>任务：{running} 个进行中，{queued} 个排队</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>试用演示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>任务(&amp;J)</translation>
    </message>
    <message>
        <source>De&amp;tail</source>
        <translation>详情(&amp;T)</translation>
    </message>
    <message>
        <source>Job detail and job list</source>
        <translation>任务详情与任务列表</translation>
    </message>
    <message>
        <source>Jobs still running: {count}. They will continue on the server and be fetched the next time you open mjdesk.</source>
        <translation>仍在运行的任务：{count} 个。它们会在服务器上继续进行，下次打开 mjdesk 时会取回结果。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Quit mjdesk</source>
        <translation>退出 mjdesk</translation>
    </message>
    <message>
        <source>● Asking the server failed — retrying in {seconds} s</source>
        <translation>● 向服务器查询失败 — {seconds} 秒后重试</translation>
    </message>
    <message>
        <source>● Server not answering — retrying in {seconds} s</source>
        <translation>● 服务器无响应 — {seconds} 秒后重试</translation>
    </message>
    <message>
        <source>● Server sent an unreadable answer — retrying in {seconds} s</source>
        <translation>● 服务器返回了无法读取的应答 — {seconds} 秒后重试</translation>
    </message>
    <message>
        <source>&amp;Composer</source>
        <translation>编辑区(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>编辑区</translation>
    </message>
    <message>
        <source>Check for &amp;updates</source>
        <translation>检查更新(&amp;U)</translation>
    </message>
    <message>
        <source>Checking for a new version…</source>
        <translation>正在检查新版本…</translation>
    </message>
    <message>
        <source>Could not check for a new version: {reason}</source>
        <translation>无法检查新版本：{reason}</translation>
    </message>
    <message>
        <source>mjdesk {version} is the newest version.</source>
        <translation>mjdesk {version} 已是最新版本。</translation>
    </message>
    <message>
        <source>Server &amp;history…</source>
        <translation>服务器历史(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Queue…</source>
        <translation>队列(&amp;Q)…</translation>
    </message>
    <message>
        <source>Jobs waiting in your queue: {count}. They stay queued and are sent the next time you open mjdesk.</source>
        <translation>你的队列中等待的任务：{count} 个。它们会保留在队列中，下次打开 mjdesk 时发送。</translation>
    </message>
    <message>
        <source>Jobs: open the queue</source>
        <translation>任务：打开队列</translation>
    </message>
    <message>
        <source>Open the queue (Ctrl+Shift+J)</source>
        <translation>打开队列（Ctrl+Shift+J）</translation>
    </message>
    <message>
        <source>&amp;Costs…</source>
        <translation>费用(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Reference library…</source>
        <translation>参考库(&amp;R)…</translation>
    </message>
    <message>
        <source>Connect to a server to use an image reference.</source>
        <translation>连接服务器后才能使用图片参考。</translation>
    </message>
    <message>
        <source>Job {id}</source>
        <translation>任务 {id}</translation>
    </message>
    <message>
        <source>Saved to the reference library as “{name}”.</source>
        <translation>已存入参考库，名为“{name}”。</translation>
    </message>
    <message>
        <source>Uploading “{name}” to the server…</source>
        <translation>正在将“{name}”上传到服务器…</translation>
    </message>
    <message>
        <source>“{name}” could not be uploaded: {error}</source>
        <translation>“{name}”无法上传：{error}</translation>
    </message>
    <message>
        <source>C&amp;ollections</source>
        <translation>收藏夹(&amp;O)</translation>
    </message>
</context>
<context>
    <name>MaskDocument</name>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>画笔笔画</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>全部填充</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反选</translation>
    </message>
</context>
<context>
    <name>MjError</name>
    <message>
        <source>This server ({dialect}) does not offer {endpoint}.</source>
        <translation>此服务器（{dialect}）不提供 {endpoint}。</translation>
    </message>
    <message>
        <source>Too many redirects while downloading a file.</source>
        <translation>下载文件时重定向次数过多。</translation>
    </message>
    <message>
        <source>The file is larger than {limit} MiB; not downloaded.</source>
        <translation>文件超过 {limit} MiB，未下载。</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>服务器拒绝了请求。</translation>
    </message>
    <message>
        <source>The server did not accept the API key. Check the key in the server settings.</source>
        <translation>服务器不接受此 API 密钥，请在服务器设置中检查密钥。</translation>
    </message>
    <message>
        <source>The server refused access for this key or account.</source>
        <translation>服务器拒绝此密钥或账号的访问。</translation>
    </message>
    <message>
        <source>The server does not know this task (or the task it builds on).</source>
        <translation>服务器找不到该任务（或它所依赖的任务）。</translation>
    </message>
    <message>
        <source>The server rejected the request as invalid.</source>
        <translation>服务器认为请求无效，已拒绝。</translation>
    </message>
    <message>
        <source>The server's queue is full. Try again in a few minutes.</source>
        <translation>服务器队列已满，请几分钟后再试。</translation>
    </message>
    <message>
        <source>The prompt contains a word the server does not allow.</source>
        <translation>提示词中含有服务器不允许的词。</translation>
    </message>
    <message>
        <source>The prompt contains a word the server does not allow: {word}.</source>
        <translation>提示词中含有服务器不允许的词：{word}。</translation>
    </message>
    <message>
        <source>Your balance or usage limit on this server is used up.</source>
        <translation>你在此服务器上的余额或用量额度已用完。</translation>
    </message>
    <message>
        <source>The images are too large for this server. Use fewer or smaller images.</source>
        <translation>图片对此服务器来说太大，请减少数量或使用更小的图片。</translation>
    </message>
    <message>
        <source>The server had an internal problem. Try again later.</source>
        <translation>服务器内部出错，请稍后再试。</translation>
    </message>
    <message>
        <source>The server answered with something that is not the expected API response. Check the base URL and the server type.</source>
        <translation>服务器返回的不是预期的 API 响应，请检查接口地址和服务器类型。</translation>
    </message>
    <message>
        <source>This server type does not offer this function.</source>
        <translation>此类服务器不提供该功能。</translation>
    </message>
    <message>
        <source>The task failed on the server.</source>
        <translation>任务在服务器上失败。</translation>
    </message>
    <message>
        <source>Could not reach the server. Check the address and your network.</source>
        <translation>无法连接服务器，请检查地址和网络。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>服务器响应超时。</translation>
    </message>
    <message>
        <source>The server's name could not be found. Check the address.</source>
        <translation>找不到服务器域名，请检查地址。</translation>
    </message>
    <message>
        <source>The secure connection to the server failed (certificate or TLS problem).</source>
        <translation>与服务器的安全连接失败（证书或 TLS 问题）。</translation>
    </message>
    <message>
        <source>The server refused the connection. Is it running on this address and port?</source>
        <translation>服务器拒绝连接。它是否在此地址和端口上运行？</translation>
    </message>
    <message>
        <source>The proxy could not connect to the server. Check the proxy settings.</source>
        <translation>代理无法连接到服务器，请检查代理设置。</translation>
    </message>
    <message>
        <source>The connection broke after the request was sent; the server may have accepted it. Check the task list before sending it again.</source>
        <translation>请求发出后连接中断，服务器可能已经接受。再次提交前请先查看任务列表。</translation>
    </message>
    <message>
        <source>Missing image: {what}.</source>
        <translation>缺少图片：{what}。</translation>
    </message>
    <message>
        <source>The prompt is empty.</source>
        <translation>提示词为空。</translation>
    </message>
    <message>
        <source>Only trueai servers accept image links; send the image itself.</source>
        <translation>只有 trueai 服务器接受图片链接，请直接发送图片。</translation>
    </message>
    <message>
        <source>Blend needs 2 to 5 images, not {count}.</source>
        <translation>混图需要 2 到 5 张图片，而不是 {count} 张。</translation>
    </message>
    <message>
        <source>Unknown blend shape {shape}.</source>
        <translation>未知的混图比例 {shape}。</translation>
    </message>
    <message>
        <source>Describe needs exactly one image or one link.</source>
        <translation>图生文需要且仅需要一张图片或一个链接。</translation>
    </message>
    <message>
        <source>This server type cannot describe an image link; send the image itself.</source>
        <translation>此类服务器无法解析图片链接，请直接发送图片。</translation>
    </message>
    <message>
        <source>An action needs the task id and the button's customId.</source>
        <translation>操作需要任务 ID 和按钮的 customId。</translation>
    </message>
    <message>
        <source>This server only offers upscale, variation and reroll; the button {kind} needs a server with the action API.</source>
        <translation>此服务器只提供放大、变化和重新生成；按钮 {kind} 需要支持 action 接口的服务器。</translation>
    </message>
    <message>
        <source>A modal answer needs the id of the waiting task.</source>
        <translation>确认弹窗需要等待中任务的 ID。</translation>
    </message>
    <message>
        <source>Unknown change action {action}.</source>
        <translation>未知的变换操作 {action}。</translation>
    </message>
    <message>
        <source>The image number must be 1 to 4, not {index}.</source>
        <translation>图片序号必须是 1 到 4，而不是 {index}。</translation>
    </message>
    <message>
        <source>Only trueai servers accept image links for face swap.</source>
        <translation>只有 trueai 服务器的换脸功能接受图片链接。</translation>
    </message>
    <message>
        <source>Extending a video needs the video number (0-3).</source>
        <translation>延长视频需要视频序号（0-3）。</translation>
    </message>
    <message>
        <source>A video needs a start image or a video task to extend.</source>
        <translation>生成视频需要起始图片，或一个要延长的视频任务。</translation>
    </message>
    <message>
        <source>The video batch size must be 1, 2 or 4.</source>
        <translation>视频批量数必须是 1、2 或 4。</translation>
    </message>
    <message>
        <source>Nothing to upload.</source>
        <translation>没有要上传的内容。</translation>
    </message>
    <message>
        <source>The server has no such API path. Check the base URL and the server type.</source>
        <translation>服务器上没有这个接口路径，请检查接口地址和服务器类型。</translation>
    </message>
    <message>
        <source>The server has no Midjourney account available right now.</source>
        <translation>服务器当前没有可用的 Midjourney 账号。</translation>
    </message>
    <message>
        <source>No server is set up. Open Settings to add one, or try the demo.</source>
        <translation>尚未设置服务器。请打开“设置”添加，或试用演示。</translation>
    </message>
    <message>
        <source>The server address cannot be used.</source>
        <translation>无法使用该服务器地址。</translation>
    </message>
    <message>
        <source>The server gave a file address that cannot be downloaded.</source>
        <translation>服务器给出的文件地址无法下载。</translation>
    </message>
    <message>
        <source>The server sent an answer that cannot be read.</source>
        <translation>服务器返回了无法读取的应答。</translation>
    </message>
    <message>
        <source>The server's answer was larger than {limit} MiB; it was not read.</source>
        <translation>服务器的应答超过 {limit} MiB，未予读取。</translation>
    </message>
</context>
<context>
    <name>PreparedImage</name>
    <message>
        <source>saved as JPEG to fit the size limit</source>
        <translation>为符合大小限制已存为 JPEG</translation>
    </message>
    <message>
        <source>JPEG quality lowered to fit the size limit</source>
        <translation>为符合大小限制已降低 JPEG 质量</translation>
    </message>
    <message>
        <source>scaled down further to fit the size limit</source>
        <translation>为符合大小限制已进一步缩小</translation>
    </message>
    <message>
        <source>turned upright, as the camera recorded it</source>
        <translation>已按相机记录的方向摆正</translation>
    </message>
    <message>
        <source>first frame of an animated GIF</source>
        <translation>取自动态 GIF 的第一帧</translation>
    </message>
    <message>
        <source>first frame of an animated image</source>
        <translation>取自动图的第一帧</translation>
    </message>
    <message>
        <source>first page of a multi-page TIFF</source>
        <translation>取自多页 TIFF 的第一页</translation>
    </message>
    <message>
        <source>converted from CMYK</source>
        <translation>已从 CMYK 转换</translation>
    </message>
    <message>
        <source>reduced from 16 to 8 bits per channel</source>
        <translation>已从每通道 16 位降为 8 位</translation>
    </message>
    <message>
        <source>reduced from high bit depth to 8 bits</source>
        <translation>已从高位深降为 8 位</translation>
    </message>
    <message>
        <source>colours converted to sRGB from the embedded profile</source>
        <translation>已按内嵌配置文件将颜色转换为 sRGB</translation>
    </message>
    <message>
        <source>transparency removed (the image had none visible)</source>
        <translation>已去除透明通道（图片中没有可见的透明区域）</translation>
    </message>
</context>
<context>
    <name>Prompt</name>
    <message>
        <source>Describe what you want to see.</source>
        <translation>请描述你想看到的画面。</translation>
    </message>
    <message>
        <source>Write a description before the parameters.</source>
        <translation>请在参数前面写上画面描述。</translation>
    </message>
    <message>
        <source>{flag} appears more than once; keep one.</source>
        <translation>{flag} 出现了不止一次，请只保留一个。</translation>
    </message>
    <message>
        <source>{flag} is not a parameter this app knows; it is sent as written.</source>
        <translation>本应用不认识参数 {flag}，将按原样发送。</translation>
    </message>
    <message>
        <source>{flag} takes no value; move “{value}” into the description or remove it.</source>
        <translation>{flag} 不带数值；请把“{value}”移到描述中或删除。</translation>
    </message>
    <message>
        <source>{flag} needs a value.</source>
        <translation>{flag} 需要一个数值。</translation>
    </message>
    <message>
        <source>{flag} must be a whole number from {low} to {high}, not “{value}”.</source>
        <translation>{flag} 必须是 {low} 到 {high} 之间的整数，而不是“{value}”。</translation>
    </message>
    <message>
        <source>{flag} must be a number from {low} to {high}, not “{value}”.</source>
        <translation>{flag} 必须是 {low} 到 {high} 之间的数字，而不是“{value}”。</translation>
    </message>
    <message>
        <source>{flag} must be width:height in whole numbers, like 16:9, not “{value}”.</source>
        <translation>{flag} 必须是整数形式的 宽:高，例如 16:9，而不是“{value}”。</translation>
    </message>
    <message>
        <source>{flag} must be one of .25, .5, 1, 2 or 4, not “{value}”.</source>
        <translation>{flag} 必须是 .25、.5、1、2 或 4 之一，而不是“{value}”。</translation>
    </message>
    <message>
        <source>{flag} must be a model version such as 7 or 6.1, not “{value}”.</source>
        <translation>{flag} 必须是模型版本号，例如 7 或 6.1，而不是“{value}”。</translation>
    </message>
    <message>
        <source>Version {value} is not one this app knows; check the number.</source>
        <translation>本应用不认识版本 {value}，请检查版本号。</translation>
    </message>
    <message>
        <source>Niji version {value} is not one this app knows; check the number.</source>
        <translation>本应用不认识 Niji 版本 {value}，请检查版本号。</translation>
    </message>
    <message>
        <source>--oref takes a single image link.</source>
        <translation>--oref 只能使用一个图片链接。</translation>
    </message>
    <message>
        <source>The weight after “::” in “{value}” must be a number.</source>
        <translation>“{value}”中“::”后面的权重必须是数字。</translation>
    </message>
    <message>
        <source>--sref takes image links, style codes (numbers) or “random”, not “{value}”.</source>
        <translation>--sref 只接受图片链接、风格代码（数字）或“random”，而不是“{value}”。</translation>
    </message>
    <message>
        <source>{flag} takes image links (http or https), not “{value}”.</source>
        <translation>{flag} 只接受图片链接（http 或 https），而不是“{value}”。</translation>
    </message>
    <message>
        <source>{weight} only works together with {ref}.</source>
        <translation>{weight} 必须与 {ref} 一起使用。</translation>
    </message>
    <message>
        <source>--iw only works with image prompts: add a reference image.</source>
        <translation>--iw 只在有垫图时生效：请添加参考图片。</translation>
    </message>
    <message>
        <source>Use either --v or --niji, not both.</source>
        <translation>--v 和 --niji 只能二选一。</translation>
    </message>
    <message>
        <source>Choose one speed: --fast, --relax or --turbo.</source>
        <translation>请只选择一种速度：--fast、--relax 或 --turbo。</translation>
    </message>
    <message>
        <source>--cref does not work with V7; use --oref instead.</source>
        <translation>--cref 不适用于 V7，请改用 --oref。</translation>
    </message>
    <message>
        <source>--cref may not work with Niji 7; Niji 6 supports it.</source>
        <translation>--cref 可能不适用于 Niji 7；Niji 6 支持它。</translation>
    </message>
    <message>
        <source>--cref needs V6 or Niji 6; the default model (V7) ignores it. Choose a version.</source>
        <translation>--cref 需要 V6 或 Niji 6；默认模型（V7）会忽略它。请选择一个版本。</translation>
    </message>
    <message>
        <source>--q 4 needs V7.</source>
        <translation>--q 4 需要 V7。</translation>
    </message>
    <message>
        <source>Before V6, --iw goes from 0 to 2.</source>
        <translation>V6 之前，--iw 的范围是 0 到 2。</translation>
    </message>
    <message>
        <source>--zoom only works in a Custom Zoom, not in a new imagine.</source>
        <translation>--zoom 只能用于自定义缩放，不能用于新的绘图。</translation>
    </message>
    <message>
        <source>--hd needs V8 or later: choose V8, 8.1 or 8.2 as the model.</source>
        <translation>--hd 需要 V8 或更高版本：请选择 V8、8.1 或 8.2 模型。</translation>
    </message>
    <message>
        <source>--hd needs V8; the account's default model may be older.</source>
        <translation>--hd 需要 V8；账号的默认模型可能更旧。</translation>
    </message>
    <message>
        <source>--oref needs V7 or later; this prompt uses V{version}.</source>
        <translation>--oref 需要 V7 或更高版本；此提示词使用 V{version}。</translation>
    </message>
    <message>
        <source>--oref works with V7 and V8, not with Niji.</source>
        <translation>--oref 适用于 V7 和 V8，不适用于 Niji。</translation>
    </message>
    <message>
        <source>V7 and later take --q 1, 2 or 4; .25 and .5 are older.</source>
        <translation>V7 及以上只接受 --q 1、2 或 4；.25 和 .5 属于旧模型。</translation>
    </message>
    <message>
        <source>V8 does not list --{name}; it may be ignored.</source>
        <translation>V8 的参数中没有 --{name}；它可能会被忽略。</translation>
    </message>
    <message>
        <source>{flag} is made for V7 and V8; Niji may ignore it.</source>
        <translation>{flag} 为 V7 和 V8 设计；Niji 可能会忽略它。</translation>
    </message>
    <message>
        <source>{flag} needs V7 or later; this prompt uses V{version}.</source>
        <translation>{flag} 需要 V7 或更高版本；此提示词使用 V{version}。</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without sending (Esc)</source>
        <translation>关闭且不发送（Esc）</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Why the prompt cannot be sent</source>
        <translation>提示词无法发送的原因</translation>
    </message>
    <message>
        <source>Write a prompt.</source>
        <translation>请填写提示词。</translation>
    </message>
</context>
<context>
    <name>RemixDialog</name>
    <message>
        <source>Change the prompt if you like; the new job uses it instead of the original.</source>
        <translation>可按需修改提示词；新任务将使用它代替原提示词。</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>The system keychain could not be read.</source>
        <translation>无法读取系统钥匙串。</translation>
    </message>
    <message>
        <source>The system keychain refused to store the key.</source>
        <translation>系统钥匙串拒绝保存密钥。</translation>
    </message>
    <message>
        <source>The system keychain refused to delete the key.</source>
        <translation>系统钥匙串拒绝删除密钥。</translation>
    </message>
    <message>
        <source>No system keychain works on this computer.</source>
        <translation>这台电脑上没有可用的系统钥匙串。</translation>
    </message>
    <message>
        <source>No system keychain works, and the key file in the settings folder could not be written.</source>
        <translation>没有可用的系统钥匙串，且无法写入设置文件夹中的密钥文件。</translation>
    </message>
    <message>
        <source>The key could not be removed from the key file in the settings folder.</source>
        <translation>无法从设置文件夹中的密钥文件里删除该密钥。</translation>
    </message>
    <message>
        <source>The key file in the settings folder could not be read.</source>
        <translation>无法读取设置文件夹中的密钥文件。</translation>
    </message>
    <message>
        <source>The system keychain refused to store some keys; they stay in the key file.</source>
        <translation>系统钥匙串拒绝保存部分密钥；它们仍保留在密钥文件中。</translation>
    </message>
</context>
<context>
    <name>ShortenTab</name>
    <message>
        <source>&amp;Prompt to shorten</source>
        <translation>要精简的提示词(&amp;P)</translation>
    </message>
    <message>
        <source>Paste a long prompt; Midjourney suggests shorter ones that keep the important words.</source>
        <translation>粘贴一段较长的提示词，Midjourney 会给出保留关键词的精简版本。</translation>
    </message>
    <message>
        <source>Prompt to shorten</source>
        <translation>要精简的提示词</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shorter prompts&lt;/b&gt;</source>
        <translation>&lt;b&gt;精简后的提示词&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>The candidates appear here.</source>
        <translation>候选结果会显示在这里。</translation>
    </message>
    <message>
        <source>Write or paste a prompt to shorten.</source>
        <translation>请输入或粘贴要精简的提示词。</translation>
    </message>
    <message>
        <source>Shortening…</source>
        <translation>正在精简…</translation>
    </message>
    <message>
        <source>The job failed.</source>
        <translation>任务失败。</translation>
    </message>
    <message>
        <source>The server returned no shorter prompts.</source>
        <translation>服务器没有返回精简后的提示词。</translation>
    </message>
</context>
<context>
    <name>SwapFaceTab</name>
    <message>
        <source>Face (the person to use)</source>
        <translation>人脸（要使用的人物）</translation>
    </message>
    <message>
        <source>Target (the picture to put the face into)</source>
        <translation>目标图（要换上人脸的图片）</translation>
    </message>
    <message>
        <source>Wait until the images are ready.</source>
        <translation>请等待图片处理完成。</translation>
    </message>
    <message>
        <source>Replace the images that could not be used.</source>
        <translation>请替换无法使用的图片。</translation>
    </message>
    <message>
        <source>Add the face image.</source>
        <translation>请添加人脸图片。</translation>
    </message>
    <message>
        <source>Add the target image.</source>
        <translation>请添加目标图片。</translation>
    </message>
    <message>
        <source>The face and the target are the same image; choose two different ones.</source>
        <translation>人脸图和目标图是同一张图片，请选择两张不同的图片。</translation>
    </message>
</context>
<context>
    <name>UploadTab</name>
    <message>
        <source>Images to upload</source>
        <translation>要上传的图片</translation>
    </message>
    <message>
        <source>&lt;b&gt;Links&lt;/b&gt;</source>
        <translation>&lt;b&gt;链接&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Wait until the images are ready.</source>
        <translation>请等待图片处理完成。</translation>
    </message>
    <message>
        <source>Remove the images that could not be used.</source>
        <translation>请移除无法使用的图片。</translation>
    </message>
    <message>
        <source>Add the images to upload.</source>
        <translation>请添加要上传的图片。</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <source>The upload failed.</source>
        <translation>上传失败。</translation>
    </message>
    <message>
        <source>{count} links:</source>
        <translation>{count} 个链接：</translation>
    </message>
    <message>
        <source>The server returned no links.</source>
        <translation>服务器没有返回链接。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Use as --sref</source>
        <translation>用作 --sref</translation>
    </message>
    <message>
        <source>Use as style reference in Imagine</source>
        <translation>在“绘图”中用作风格参考</translation>
    </message>
    <message>
        <source>Use as --cref</source>
        <translation>用作 --cref</translation>
    </message>
    <message>
        <source>Use as character reference in Imagine</source>
        <translation>在“绘图”中用作角色参考</translation>
    </message>
    <message>
        <source>{count} image</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>{count} link:</source>
        <translation>{count} 个链接：</translation>
    </message>
    <message>
        <source>After the upload, each image's link appears here, ready to copy or to use as a style, character or omni reference.</source>
        <translation>上传后，每张图片的链接会显示在这里，可以复制，或用作风格、角色或全能参考。</translation>
    </message>
    <message>
        <source>Use as --oref</source>
        <translation>用作 --oref</translation>
    </message>
    <message>
        <source>Use as omni reference in Imagine (V7 and V8)</source>
        <translation>在绘图中用作全能参考（V7 和 V8）</translation>
    </message>
</context>
<context>
    <name>VaryRegionDialog</name>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>提示词(&amp;P)：</translation>
    </message>
    <message>
        <source>Actual size (100 %)</source>
        <translation>实际大小（100%）</translation>
    </message>
    <message>
        <source>Bigger brush</source>
        <translation>增大画笔</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Brush size in image pixels</source>
        <translation>画笔大小（图像像素）</translation>
    </message>
    <message>
        <source>Brush size in image pixels; smaller {smaller}, bigger {bigger}</source>
        <translation>画笔大小（图像像素）；{smaller} 减小，{bigger} 增大</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Close without varying</source>
        <translation>关闭，不做局部重绘</translation>
    </message>
    <message>
        <source>Colour the painted area is shown in (not sent)</source>
        <translation>涂抹区域的显示颜色（不会发送）</translation>
    </message>
    <message>
        <source>Cursor position in image pixels</source>
        <translation>光标位置（图像像素）</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>全部填充</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Image to paint the region on</source>
        <translation>在此图像上涂抹要重绘的区域</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反选</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Mask tools</source>
        <translation>蒙版工具</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>不透明度：</translation>
    </message>
    <message>
        <source>Optional: describe what goes into the painted area (used when Remix is on)</source>
        <translation>可选：描述涂抹区域里要生成的内容（开启 Remix 时生效）</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>叠加色</translation>
    </message>
    <message>
        <source>Overlay colour</source>
        <translation>叠加颜色</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>叠加不透明度</translation>
    </message>
    <message>
        <source>Paint the area to regenerate. Wheel: zoom; Space+drag or middle button: pan</source>
        <translation>涂抹要重新生成的区域。滚轮：缩放；空格+拖动或鼠标中键：平移</translation>
    </message>
    <message>
        <source>Painted share of the image</source>
        <translation>已涂抹区域占整张图的比例</translation>
    </message>
    <message>
        <source>Painted: {percent} %</source>
        <translation>已涂抹：{percent}%</translation>
    </message>
    <message>
        <source>Prompt for the painted region</source>
        <translation>涂抹区域的提示词</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Send the mask and the prompt</source>
        <translation>发送蒙版和提示词</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Smaller brush</source>
        <translation>减小画笔</translation>
    </message>
    <message>
        <source>Submit Vary Region</source>
        <translation>提交局部重绘</translation>
    </message>
    <message>
        <source>The mask cannot be sent: {reason}.</source>
        <translation>无法发送蒙版：{reason}。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Vary Region</source>
        <translation>局部重绘</translation>
    </message>
    <message>
        <source>Why the mask cannot be sent</source>
        <translation>无法发送蒙版的原因</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>x {x}, y {y}</source>
        <translation>x {x}，y {y}</translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action}（{keys}）</translation>
    </message>
    <message>
        <source>{w} × {h} px</source>
        <translation>{w} × {h} px</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>紫色</translation>
    </message>
    <message>
        <source>White</source>
        <translation>白色</translation>
    </message>
    <message>
        <source>Paint the area to repaint</source>
        <translation>涂抹要重绘的区域</translation>
    </message>
    <message>
        <source>Use this area</source>
        <translation>使用此区域</translation>
    </message>
</context>
<context>
    <name>VideoTab</name>
    <message>
        <source>New video from a start image</source>
        <translation>用起始图片生成新视频</translation>
    </message>
    <message>
        <source>Extend a finished video</source>
        <translation>延长已完成的视频</translation>
    </message>
    <message>
        <source>What to make</source>
        <translation>要生成的内容</translation>
    </message>
    <message>
        <source>&amp;Make</source>
        <translation>生成(&amp;M)</translation>
    </message>
    <message>
        <source>How it should move, e.g. “slow push-in, leaves drifting”</source>
        <translation>画面如何运动，例如“slow push-in, leaves drifting”</translation>
    </message>
    <message>
        <source>Video prompt</source>
        <translation>视频提示词</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <source>Start image</source>
        <translation>起始图片</translation>
    </message>
    <message>
        <source>End image (optional)</source>
        <translation>结束图片（可选）</translation>
    </message>
    <message>
        <source>id of the finished video job</source>
        <translation>已完成视频任务的 ID</translation>
    </message>
    <message>
        <source>Video task to extend</source>
        <translation>要延长的视频任务</translation>
    </message>
    <message>
        <source>&amp;Video to extend</source>
        <translation>要延长的视频(&amp;V)</translation>
    </message>
    <message>
        <source>Which video of the batch to extend</source>
        <translation>要延长这一批中的第几个视频</translation>
    </message>
    <message>
        <source>Video &amp;number</source>
        <translation>视频序号(&amp;N)</translation>
    </message>
    <message>
        <source>Low (calm scenes)</source>
        <translation>低（平静的画面）</translation>
    </message>
    <message>
        <source>High (lots of movement)</source>
        <translation>高（大幅运动）</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>运动幅度</translation>
    </message>
    <message>
        <source>M&amp;otion</source>
        <translation>运动幅度(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Loop (end where it starts)</source>
        <translation>循环(&amp;L)（结尾回到开头）</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>Number of videos</source>
        <translation>视频数量</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>批量数(&amp;B)</translation>
    </message>
    <message>
        <source>Describe the motion in the prompt.</source>
        <translation>请在提示词中描述运动方式。</translation>
    </message>
    <message>
        <source>Enter the id of the video to extend.</source>
        <translation>请输入要延长的视频 ID。</translation>
    </message>
    <message>
        <source>Wait until the images are ready.</source>
        <translation>请等待图片处理完成。</translation>
    </message>
    <message>
        <source>Replace the images that could not be used.</source>
        <translation>请替换无法使用的图片。</translation>
    </message>
    <message>
        <source>Add the start image.</source>
        <translation>请添加起始图片。</translation>
    </message>
    <message>
        <source>A looping video ends on its start image; remove the end image or turn off Loop.</source>
        <translation>循环视频会结束在起始图片上；请移除结束图片或关闭“循环”。</translation>
    </message>
    <message>
        <source>Pick the video to extend, or enter its task id.</source>
        <translation>请选择要延长的视频，或输入它的任务 ID。</translation>
    </message>
    <message>
        <source>pick a finished video, or type its task id</source>
        <translation>选择一个已完成的视频，或输入它的任务 ID</translation>
    </message>
    <message>
        <source>{title} — task {id}</source>
        <translation>{title} — 任务 {id}</translation>
    </message>
    <message>
        <source>&amp;HD (720p; the account must allow it)</source>
        <translation>高清(&amp;H)（720p，账号需支持）</translation>
    </message>
    <message>
        <source>High-definition video, 720p</source>
        <translation>高清视频，720p</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>mjdesk — unexpected error</source>
        <translation>mjdesk — 意外错误</translation>
    </message>
    <message>
        <source>Something went wrong: {error}

The details are in the log file. You can keep working.</source>
        <translation>出了点问题：{error}

详细信息已写入日志文件。你可以继续工作。</translation>
    </message>
    <message>
        <source>Cannot create the folder {path}: {error}. Choose another --home.</source>
        <translation>无法创建文件夹 {path}：{error}。请选择其他 --home。</translation>
    </message>
    <message>
        <source>The library cannot be opened: {error}</source>
        <translation>无法打开图库：{error}</translation>
    </message>
    <message>
        <source>mjdesk cannot start</source>
        <translation>mjdesk 无法启动</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder: choose another --home.</source>
        <translation>{path} 是文件，不是文件夹：请选择其他 --home。</translation>
    </message>
</context>
<context>
    <name>texts</name>
    <message>
        <source>{summary}
The server said: {server}</source>
        <translation>{summary}
服务器原话：{server}</translation>
    </message>
    <message>
        <source>The server said: {server}</source>
        <translation>服务器原话：{server}</translation>
    </message>
    <message>
        <source>{summary}
Details: {details}</source>
        <translation>{summary}
详情：{details}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>&amp;Later</source>
        <translation>以后再说(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Save and start</source>
        <translation>保存并开始(&amp;S)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Connect a Midjourney server&lt;/h3&gt;&lt;p&gt;mjdesk talks to a Midjourney-compatible gateway (“mj-proxy”). Enter the address and API key your provider gave you, then test the connection.&lt;/p&gt;&lt;p&gt;No account yet? &lt;b&gt;Try the demo&lt;/b&gt;: a simulated server on this computer, so you can explore every tab for free.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;连接 Midjourney 服务器&lt;/h3&gt;&lt;p&gt;mjdesk 通过兼容 Midjourney 的网关（“mj-proxy”）工作。请填写服务商提供的地址和 API 密钥，然后测试连接。&lt;/p&gt;&lt;p&gt;还没有账号？&lt;b&gt;试用演示&lt;/b&gt;：在本机运行一个模拟服务器，可以免费体验每个标签页。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Close and set up a server later in Settings</source>
        <translation>关闭，稍后在“设置”中添加服务器</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
    <message>
        <source>Save this server and start</source>
        <translation>保存此服务器并开始</translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>试用演示(&amp;D)</translation>
    </message>
    <message>
        <source>Try the demo with a simulated server</source>
        <translation>用模拟服务器试用演示</translation>
    </message>
    <message>
        <source>Welcome to mjdesk</source>
        <translation>欢迎使用 mjdesk</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Add a server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
    <message>
        <source>Edit server</source>
        <translation>编辑服务器</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Enter the address first.</source>
        <translation>请先填写地址。</translation>
    </message>
    <message>
        <source>This type of server publishes no prices.</source>
        <translation>这种服务器不公布价格。</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Proxy</source>
        <translation>代理(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Speed</source>
        <translation>速度(&amp;S)</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Download images as the server gives them</source>
        <translation>按服务器给出的地址下载图片</translation>
    </message>
    <message>
        <source>Enter how image addresses are rewritten, or choose not to rewrite them.</source>
        <translation>请填写图片地址的改写方式，或选择不改写。</translation>
    </message>
    <message>
        <source>Enter the API key.</source>
        <translation>请输入 API 密钥。</translation>
    </message>
    <message>
        <source>Enter the proxy address, e.g. http://127.0.0.1:7890.</source>
        <translation>请输入代理地址，例如 http://127.0.0.1:7890。</translation>
    </message>
    <message>
        <source>Enter the server address, starting with https:// or http://.</source>
        <translation>请输入服务器地址，以 https:// 或 http:// 开头。</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation>请为服务器取个名字。</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>HTTP 代理</translation>
    </message>
    <message>
        <source>Image &amp;downloads</source>
        <translation>图片下载(&amp;D)</translation>
    </message>
    <message>
        <source>Image address rewrite</source>
        <translation>图片地址改写</translation>
    </message>
    <message>
        <source>Kept in the system keychain, never in a file.</source>
        <translation>保存在系统钥匙串中，绝不写入文件。</translation>
    </message>
    <message>
        <source>Leave empty to keep the saved key</source>
        <translation>留空则保留已保存的密钥</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>Only for images from this host</source>
        <translation>仅用于来自此主机的图片</translation>
    </message>
    <message>
        <source>Paste the key here</source>
        <translation>在此粘贴密钥</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <source>Put a prefix in front of each image address</source>
        <translation>在每个图片地址前加前缀</translation>
    </message>
    <message>
        <source>Relax (slower, cheaper)</source>
        <translation>慢速（更慢、更便宜）</translation>
    </message>
    <message>
        <source>Replace the host of image addresses</source>
        <translation>替换图片地址的主机</translation>
    </message>
    <message>
        <source>Rewrite value</source>
        <translation>改写值</translation>
    </message>
    <message>
        <source>SOCKS5 proxy</source>
        <translation>SOCKS5 代理</translation>
    </message>
    <message>
        <source>Server &amp;type</source>
        <translation>服务器类型(&amp;T)</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>服务器名称</translation>
    </message>
    <message>
        <source>Server type</source>
        <translation>服务器类型</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>显示 API 密钥</translation>
    </message>
    <message>
        <source>Speed mode</source>
        <translation>速度模式</translation>
    </message>
    <message>
        <source>System settings</source>
        <translation>跟随系统设置</translation>
    </message>
    <message>
        <source>The server's default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>There is already a server called “{name}”.</source>
        <translation>已经有名为“{name}”的服务器。</translation>
    </message>
    <message>
        <source>Turbo (fastest, costs more)</source>
        <translation>极速（最快，费用更高）</translation>
    </message>
    <message>
        <source>e.g. My studio server</source>
        <translation>例如：工作室服务器</translation>
    </message>
    <message>
        <source>e.g. https://media.example.com</source>
        <translation>例如 https://media.example.com</translation>
    </message>
    <message>
        <source>e.g. https://mirror.example.com/fetch?url=</source>
        <translation>例如 https://mirror.example.com/fetch?url=</translation>
    </message>
    <message>
        <source>only for this host (optional), e.g. cdn.discordapp.com</source>
        <translation>仅限此主机（可选），例如 cdn.discordapp.com</translation>
    </message>
    <message>
        <source>Account &amp;instance</source>
        <translation>账号实例(&amp;I)</translation>
    </message>
    <message>
        <source>Account instance</source>
        <translation>账号实例</translation>
    </message>
    <message>
        <source>any account (optional: an instance id from trueai)</source>
        <translation>任意账号（可选：trueai 的实例 ID）</translation>
    </message>
    <message>
        <source>only trueai picks an account instance</source>
        <translation>只有 trueai 可以指定账号实例</translation>
    </message>
    <message>
        <source>trueai runs every job of this server on this account instance.</source>
        <translation>trueai 会在这个账号实例上运行此服务器的所有任务。</translation>
    </message>
    <message>
        <source>Jobs at &amp;once</source>
        <translation>同时任务数(&amp;O)</translation>
    </message>
    <message>
        <source>Jobs at once</source>
        <translation>同时任务数</translation>
    </message>
    <message>
        <source>More jobs than this wait in your queue in mjdesk and are sent as running ones finish. Midjourney runs 3 fast jobs at once on most plans, 12 on Pro and Mega.</source>
        <translation>超出此数的任务会在 mjdesk 的队列中等待，待运行中的任务完成后再发送。Midjourney 大多数套餐可同时运行 3 个快速任务，Pro 和 Mega 为 12 个。</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>A relay that sells Midjourney next to other AI models; the key usually starts with sk-.</source>
        <translation>同时提供 Midjourney 和其他 AI 模型的中转服务；密钥通常以 sk- 开头。</translation>
    </message>
    <message>
        <source>Not offered by this server: {actions}.</source>
        <translation>此服务器不提供：{actions}。</translation>
    </message>
    <message>
        <source>The extended proxy with video, edits and cancel; the key is an admin or user token.</source>
        <translation>功能增强版代理，支持视频、编辑和取消；密钥是管理员或用户令牌。</translation>
    </message>
    <message>
        <source>The original open-source proxy; the key is its mj-api-secret.</source>
        <translation>最初的开源代理；密钥就是它的 mj-api-secret。</translation>
    </message>
    <message>
        <source>You can use: {actions}.</source>
        <translation>可以使用：{actions}。</translation>
    </message>
    <message>
        <source>midjourney-proxy (novicezk)</source>
        <translation>midjourney-proxy（novicezk）</translation>
    </message>
    <message>
        <source>midjourney-proxy (trueai-org)</source>
        <translation>midjourney-proxy（trueai-org）</translation>
    </message>
    <message>
        <source>new-api / one-api relay</source>
        <translation>new-api / one-api 中转</translation>
    </message>
    <message>
        <source>✔ Connected, and the key works ({ms} ms).</source>
        <translation>✔ 已连接，密钥有效（{ms} 毫秒）。</translation>
    </message>
    <message>
        <source>✖ Could not connect.</source>
        <translation>✖ 无法连接。</translation>
    </message>
    <message>
        <source>✖ The server answered, but it does not accept this API key.</source>
        <translation>✖ 服务器有响应，但不接受这个 API 密钥。</translation>
    </message>
    <message>
        <source>Details: {details}</source>
        <translation>详情：{details}</translation>
    </message>
    <message>
        <source>✖ Could not find the host “{host}” — check the address.</source>
        <translation>✖ 找不到主机“{host}”——请检查地址。</translation>
    </message>
    <message>
        <source>✖ Could not reach {where} — check the address and your network.</source>
        <translation>✖ 无法连接 {where}——请检查地址和网络。</translation>
    </message>
    <message>
        <source>✖ Nothing answers at {where} — is the server running, and is the port right?</source>
        <translation>✖ {where} 没有响应——服务器是否在运行？端口是否正确？</translation>
    </message>
    <message>
        <source>✖ The proxy could not connect to {where} — check the proxy setting.</source>
        <translation>✖ 代理无法连接到 {where}——请检查代理设置。</translation>
    </message>
    <message>
        <source>✖ The secure connection to {host} failed (certificate or TLS problem).</source>
        <translation>✖ 与 {host} 的安全连接失败（证书或 TLS 问题）。</translation>
    </message>
    <message>
        <source>✖ {where} did not answer in time — check the address, your network and the proxy setting.</source>
        <translation>✖ {where} 未及时响应——请检查地址、网络和代理设置。</translation>
    </message>
</context>
<context>
    <name>ServerTester</name>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Test the connection to this server</source>
        <translation>测试与此服务器的连接</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Check running jobs every</source>
        <translation>检查运行中任务的间隔(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Download folder</source>
        <translation>下载文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>常规(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Images and downloads</source>
        <translation>图片与下载(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Longest side</source>
        <translation>最长边(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Servers</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>(in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <source>A new language takes effect the next time mjdesk starts.</source>
        <translation>新的语言将在下次启动 mjdesk 时生效。</translation>
    </message>
    <message>
        <source>Add a server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>Bigger images are scaled down before they are sent. Most gateways refuse requests over 10 MB, so keep the request limit below that.</source>
        <translation>更大的图片会在发送前缩小。多数网关会拒绝超过 10 MB 的请求，所以请求上限请保持在这以下。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose the download folder</source>
        <translation>选择下载文件夹</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <source>Edit the selected server</source>
        <translation>编辑所选服务器</translation>
    </message>
    <message>
        <source>How often mjdesk asks the server about running jobs. Queued jobs are checked less often.</source>
        <translation>mjdesk 向服务器查询运行中任务的频率。排队中的任务查询得更少。</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Largest &amp;image</source>
        <translation>单张图片上限(&amp;I)</translation>
    </message>
    <message>
        <source>Largest &amp;request</source>
        <translation>单次请求上限(&amp;R)</translation>
    </message>
    <message>
        <source>Largest image sent, in megabytes</source>
        <translation>发送的单张图片上限（MB）</translation>
    </message>
    <message>
        <source>Largest request, in megabytes</source>
        <translation>单次请求上限（MB）</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Longest side of images sent</source>
        <translation>发送图片的最长边</translation>
    </message>
    <message>
        <source>No servers yet. Use “Add…” to connect one.</source>
        <translation>还没有服务器。点“添加…”连接一个。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>删除服务器</translation>
    </message>
    <message>
        <source>Remove the selected server</source>
        <translation>删除所选服务器</translation>
    </message>
    <message>
        <source>Remove “{name}” and its key? Its jobs stay in your library.</source>
        <translation>删除“{name}”及其密钥？它的任务仍保留在图库中。</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Saved servers</source>
        <translation>已保存的服务器</translation>
    </message>
    <message>
        <source>Seconds between status checks</source>
        <translation>状态检查间隔（秒）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>设置页面</translation>
    </message>
    <message>
        <source>The largest request must be at least as large as the largest image.</source>
        <translation>单次请求上限不能小于单张图片上限。</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Use by &amp;default</source>
        <translation>设为默认(&amp;D)</translation>
    </message>
    <message>
        <source>Use the selected server by default</source>
        <translation>默认使用所选服务器</translation>
    </message>
    <message>
        <source>Where “Export” and “Save as” start. Empty: your Pictures folder.</source>
        <translation>“导出”和“另存为”的默认位置。留空则使用“图片”文件夹。</translation>
    </message>
    <message>
        <source>Demo — the built-in simulator (in use, not saved)</source>
        <translation>演示 — 内置模拟服务器（正在使用，不会保存）</translation>
    </message>
    <message>
        <source>Check &amp;now</source>
        <translation>立即检查(&amp;N)</translation>
    </message>
    <message>
        <source>Check for a new version now</source>
        <translation>立即检查新版本</translation>
    </message>
    <message>
        <source>Check for new versions</source>
        <translation>检查新版本</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Could not check: {reason}</source>
        <translation>无法检查：{reason}</translation>
    </message>
    <message>
        <source>Once a day mjdesk reads the project's release list. Nothing about you or your work is sent.</source>
        <translation>mjdesk 每天读取一次项目的发布列表，不会发送任何关于你或你作品的信息。</translation>
    </message>
    <message>
        <source>Tell me when a new version of mjdesk is out</source>
        <translation>mjdesk 有新版本时提醒我</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>mjdesk {version} is available: see the button in the status bar.</source>
        <translation>mjdesk {version} 已发布：请点击状态栏中的按钮。</translation>
    </message>
    <message>
        <source>mjdesk {version} is the newest version.</source>
        <translation>mjdesk {version} 已是最新版本。</translation>
    </message>
    <message>
        <source>Before a submit would take today's spending over this, mjdesk asks. In the price unit of each server (its prices are set when editing it).</source>
        <translation>当一次提交会使今天的花费超过此金额时，mjdesk 会先询问。单位为各服务器的价格单位（在编辑服务器时设置价格）。</translation>
    </message>
    <message>
        <source>Daily &amp;budget</source>
        <translation>每日预算(&amp;B)</translation>
    </message>
    <message>
        <source>Daily budget</source>
        <translation>每日预算</translation>
    </message>
    <message>
        <source>No budget</source>
        <translation>无预算</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Answer the server's question for this job</source>
        <translation>回答服务器对此任务的询问</translation>
    </message>
    <message>
        <source>Answer the server…</source>
        <translation>回答服务器…</translation>
    </message>
    <message>
        <source>Candidate {n} (key {n})</source>
        <translation>候选图 {n}（按键 {n}）</translation>
    </message>
    <message>
        <source>Final prompt</source>
        <translation>最终提示词</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Fit the image to the panel</source>
        <translation>使图片适应面板大小</translation>
    </message>
    <message>
        <source>Get seed</source>
        <translation>获取种子</translation>
    </message>
    <message>
        <source>Get the seed from the server</source>
        <translation>从服务器获取种子</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>四宫格</translation>
    </message>
    <message>
        <source>Image (wheel to zoom, drag to pan)</source>
        <translation>图片（滚轮缩放，拖动平移）</translation>
    </message>
    <message>
        <source>Job {id} · {action}</source>
        <translation>任务 {id} · {action}</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>衍生关系</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>后续操作</translation>
    </message>
    <message>
        <source>No parent or children</source>
        <translation>无上级或下级任务</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Remix</source>
        <translation>混音（Remix）</translation>
    </message>
    <message>
        <source>Remix: edit the prompt before varying or panning</source>
        <translation>Remix：变化或平移前先编辑提示词</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Select an image in the gallery</source>
        <translation>在图库中选择一张图片</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Show at actual size</source>
        <translation>按实际大小显示</translation>
    </message>
    <message>
        <source>The whole grid (0)</source>
        <translation>整个四宫格（0）</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>asking the server…</source>
        <translation>正在询问服务器…</translation>
    </message>
    <message>
        <source>created {created}
finished {finished}</source>
        <translation>创建于 {created}
完成于 {finished}</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>↑ from job {id}</source>
        <translation>↑ 来自任务 {id}</translation>
    </message>
    <message>
        <source>↓ {action} {id}</source>
        <translation>↓ {action} {id}</translation>
    </message>
    <message>
        <source>The image appears here when the job is done.</source>
        <translation>任务完成后，图片会显示在这里。</translation>
    </message>
    <message>
        <source>This job has no image.</source>
        <translation>此任务没有图片。</translation>
    </message>
    <message>
        <source>Follow-up errors</source>
        <translation>后续操作错误</translation>
    </message>
    <message>
        <source>More follow-ups</source>
        <translation>更多后续操作</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>更多…</translation>
    </message>
    <message>
        <source>More… ({count})</source>
        <translation>更多…（{count}）</translation>
    </message>
    <message>
        <source>Not shown: {count} more</source>
        <translation>未显示：还有 {count} 个</translation>
    </message>
    <message>
        <source>The follow-up</source>
        <translation>该后续操作</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未给出原因</translation>
    </message>
    <message>
        <source>{button} failed: {reason}</source>
        <translation>{button} 失败：{reason}</translation>
    </message>
    <message>
        <source>Press Play to watch the video.</source>
        <translation>点击播放观看视频。</translation>
    </message>
    <message>
        <source>Select an image in the gallery to see it here, with its prompt and next steps.</source>
        <translation>在图库中选择一张图片，即可在此查看它的提示词和后续操作。</translation>
    </message>
    <message>
        <source>Ask the server to stop this job.</source>
        <translation>请服务器停止此任务。</translation>
    </message>
    <message>
        <source>Asked the server to cancel job {id}.</source>
        <translation>已请服务器取消任务 {id}。</translation>
    </message>
    <message>
        <source>Cancel on the server</source>
        <translation>在服务器上取消</translation>
    </message>
    <message>
        <source>Job {id} is no longer tracked.</source>
        <translation>不再跟踪任务 {id}。</translation>
    </message>
    <message>
        <source>Stop tracking</source>
        <translation>停止跟踪</translation>
    </message>
    <message>
        <source>This server cannot cancel jobs: mjdesk stops following this one. The server may still finish it.</source>
        <translation>此服务器无法取消任务：mjdesk 将不再跟踪它，但服务器仍可能完成它。</translation>
    </message>
    <message>
        <source>Cancel or stop tracking this job</source>
        <translation>取消或停止跟踪此任务</translation>
    </message>
    <message>
        <source>account instance {id}</source>
        <translation>账号实例 {id}</translation>
    </message>
    <message>
        <source>Cancel (not sent yet)</source>
        <translation>取消（尚未发送）</translation>
    </message>
    <message>
        <source>Job {id} was sent meanwhile.</source>
        <translation>任务 {id} 已在此期间发出。</translation>
    </message>
    <message>
        <source>Job {id} was taken out of the queue.</source>
        <translation>任务 {id} 已移出队列。</translation>
    </message>
    <message>
        <source>Take this job out of your queue: it is never sent.</source>
        <translation>将此任务移出你的队列：它不会被发送。</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>文件内信息</translation>
    </message>
    <message>
        <source>Use its prompt</source>
        <translation>使用其提示词</translation>
    </message>
    <message>
        <source>Use the prompt written in the file</source>
        <translation>使用文件中记录的提示词</translation>
    </message>
    <message>
        <source>Show the lineage tree</source>
        <translation>显示衍生关系树</translation>
    </message>
    <message>
        <source>Show this job's whole family as a tree (L)</source>
        <translation>以树状图显示此任务的全部衍生关系 (L)</translation>
    </message>
    <message>
        <source>Tree…</source>
        <translation>关系树…</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>收藏夹</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Describe</source>
        <translation>图生文</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>按操作筛选</translation>
    </message>
    <message>
        <source>Filter by date</source>
        <translation>按日期筛选</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <source>Imagine</source>
        <translation>绘图</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Only favourites</source>
        <translation>仅收藏</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Reroll</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Running or queued</source>
        <translation>运行中或排队中</translation>
    </message>
    <message>
        <source>Search prompts</source>
        <translation>搜索提示词</translation>
    </message>
    <message>
        <source>Search prompts…</source>
        <translation>搜索提示词…</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Variation</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>★ Favourites</source>
        <translation>★ 收藏</translation>
    </message>
    <message>
        <source>Shorten</source>
        <translation>精简提示词</translation>
    </message>
    <message>
        <source>Swap Face</source>
        <translation>换脸</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Vary (Region)</source>
        <translation>局部重绘</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>已隐藏</translation>
    </message>
    <message>
        <source>Any rating</source>
        <translation>任意评分</translation>
    </message>
    <message>
        <source>Filter by rating</source>
        <translation>按评分筛选</translation>
    </message>
    <message>
        <source>Hide rejected</source>
        <translation>隐藏已淘汰</translation>
    </message>
    <message>
        <source>Only rejected</source>
        <translation>仅已淘汰</translation>
    </message>
    <message>
        <source>Rejected jobs</source>
        <translation>已淘汰的任务</translation>
    </message>
    <message>
        <source>Show rejected</source>
        <translation>显示已淘汰</translation>
    </message>
    <message>
        <source>★5 only</source>
        <translation>仅 ★5</translation>
    </message>
    <message>
        <source>★{n} or more</source>
        <translation>★{n} 及以上</translation>
    </message>
    <message>
        <source>♥ Favourites</source>
        <translation>♥ 收藏</translation>
    </message>
</context>
<context>
    <name>GalleryActions</name>
    <message>
        <source>Add to Blend</source>
        <translation>添加到混合</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Copy image URL</source>
        <translation>复制图片链接</translation>
    </message>
    <message>
        <source>Copy prompt</source>
        <translation>复制提示词</translation>
    </message>
    <message>
        <source>Copy seed</source>
        <translation>复制种子</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete jobs</source>
        <translation>删除任务</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Describe this image</source>
        <translation>用“图生文”描述这张图片</translation>
    </message>
    <message>
        <source>Download originals again</source>
        <translation>重新下载原图</translation>
    </message>
    <message>
        <source>Downloading the originals again…</source>
        <translation>正在重新下载原图…</translation>
    </message>
    <message>
        <source>Export to a folder…</source>
        <translation>导出到文件夹…</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Export to the download folder</source>
        <translation>导出到下载文件夹</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Image URL copied.</source>
        <translation>已复制图片链接。</translation>
    </message>
    <message>
        <source>Image copied.</source>
        <translation>已复制图片。</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Prompt copied.</source>
        <translation>已复制提示词。</translation>
    </message>
    <message>
        <source>Run the prompt again</source>
        <translation>再次运行此提示词</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save image as</source>
        <translation>图片另存为</translation>
    </message>
    <message>
        <source>Seed {seed} copied.</source>
        <translation>已复制种子 {seed}。</translation>
    </message>
    <message>
        <source>Show the file</source>
        <translation>显示文件</translation>
    </message>
    <message>
        <source>Submitted again.</source>
        <translation>已再次提交。</translation>
    </message>
    <message>
        <source>The image file is missing. Try “Download originals again”.</source>
        <translation>图片文件缺失。请尝试“重新下载原图”。</translation>
    </message>
    <message>
        <source>The server did not give the seed.</source>
        <translation>服务器未提供种子。</translation>
    </message>
    <message>
        <source>Use as image prompt in Imagine</source>
        <translation>在“绘图”中用作图片提示</translation>
    </message>
    <message>
        <source>Extend this video…</source>
        <translation>延长这个视频…</translation>
    </message>
    <message>
        <source>Delete this job and its image files from the library? This cannot be undone.</source>
        <translation>要从图库中删除这个任务及其图片文件吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete {count} jobs and their image files from the library? This cannot be undone.</source>
        <translation>要从图库中删除 {count} 个任务及其图片文件吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>{count} image saved.</source>
        <translation>已保存 {count} 张图片。</translation>
    </message>
    <message>
        <source>{count} images saved.</source>
        <translation>已保存 {count} 张图片。</translation>
    </message>
    <message>
        <source>{count} job deleted.</source>
        <translation>已删除 {count} 个任务。</translation>
    </message>
    <message>
        <source>{count} jobs deleted.</source>
        <translation>已删除 {count} 个任务。</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Could not export to {folder}: {error}</source>
        <translation>无法导出到 {folder}：{error}</translation>
    </message>
    <message>
        <source>Delete or dismiss</source>
        <translation>删除或隐藏</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Dismissed from the gallery: {count} (kept in the library).</source>
        <translation>已从画面中隐藏：{count} 个（数据仍保留在图库中）。</translation>
    </message>
    <message>
        <source>Exported to {folder} (images: {count}).</source>
        <translation>已导出到 {folder}（图片：{count} 张）。</translation>
    </message>
    <message>
        <source>Hide this failed job from the gallery (it stays in the library)</source>
        <translation>不再显示这个失败的任务（它仍保留在图库中）</translation>
    </message>
    <message>
        <source>No file manager</source>
        <translation>没有文件管理器</translation>
    </message>
    <message>
        <source>No file manager could be opened here. The file is:
{path}</source>
        <translation>这里无法打开文件管理器。文件位于：
{path}</translation>
    </message>
    <message>
        <source>No file manager could be opened here. The folder is:
{path}</source>
        <translation>这里无法打开文件管理器。文件夹位于：
{path}</translation>
    </message>
    <message>
        <source>Back in the gallery: {count}.</source>
        <translation>已重新显示：{count} 个。</translation>
    </message>
    <message>
        <source>Bring back to the gallery</source>
        <translation>重新显示在画面中</translation>
    </message>
    <message>
        <source>Puts the prompt and this job's seed in Imagine: change one thing, keep the rest</source>
        <translation>把提示词和此任务的种子放入绘图：改动一处，其余保持不变</translation>
    </message>
    <message>
        <source>Seed {seed} kept: change one thing and submit.</source>
        <translation>已保留种子 {seed}：改动一处后提交。</translation>
    </message>
    <message>
        <source>Tweak with the same seed…</source>
        <translation>用相同种子微调…</translation>
    </message>
    <message>
        <source>Character reference (--cref)</source>
        <translation>角色参考（--cref）</translation>
    </message>
    <message>
        <source>Omni reference (--oref)</source>
        <translation>全能参考（--oref）</translation>
    </message>
    <message>
        <source>Save to the reference library</source>
        <translation>存入参考库</translation>
    </message>
    <message>
        <source>Style reference (--sref)</source>
        <translation>风格参考（--sref）</translation>
    </message>
    <message>
        <source>Lineage…</source>
        <translation>衍生关系树…</translation>
    </message>
    <message>
        <source>Show this job's whole family as a tree</source>
        <translation>以树状图显示此任务的全部衍生关系</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>对比…</translation>
    </message>
    <message>
        <source>Delete rejected</source>
        <translation>删除已淘汰</translation>
    </message>
    <message>
        <source>Delete rejected…</source>
        <translation>删除已淘汰…</translation>
    </message>
    <message>
        <source>Delete {jobs} and {files} ({size}) from the library?
Files that other jobs also use are kept. This cannot be undone.</source>
        <translation>从图库中删除 {jobs}和 {files}（{size}）？
其他任务也在使用的文件会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Mark as rejected and go to the next image; Delete rejected removes them</source>
        <translation>标记为淘汰并转到下一张图像；“删除已淘汰”会删除它们</translation>
    </message>
    <message>
        <source>No job is rejected: press X on an image to reject it.</source>
        <translation>没有已淘汰的任务：在图像上按 X 即可淘汰。</translation>
    </message>
    <message>
        <source>No rating</source>
        <translation>无评分</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>淘汰</translation>
    </message>
    <message>
        <source>Two to four images side by side, with what differs in their prompts</source>
        <translation>并排显示二至四张图像，并标出提示词的差异</translation>
    </message>
    <message>
        <source>{count} image file</source>
        <translation>{count} 个图像文件</translation>
    </message>
    <message>
        <source>{count} image files</source>
        <translation>{count} 个图像文件</translation>
    </message>
    <message>
        <source>{count} rejected job</source>
        <translation>{count} 个已淘汰的任务</translation>
    </message>
    <message>
        <source>{count} rejected jobs</source>
        <translation>{count} 个已淘汰的任务</translation>
    </message>
</context>
<context>
    <name>GalleryDelegate</name>
    <message>
        <source>Image file missing</source>
        <translation>图片文件缺失</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>Waiting for the server…</source>
        <translation>正在等待服务器…</translation>
    </message>
    <message>
        <source>Queued · {n} ahead</source>
        <translation>排队中 · 前面还有 {n} 个</translation>
    </message>
    <message>
        <source>Relax mode</source>
        <translation>慢速模式</translation>
    </message>
    <message>
        <source>Turbo mode</source>
        <translation>极速模式</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Download originals</source>
        <translation>下载原图</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>Loading the library…</source>
        <translation>正在加载图库…</translation>
    </message>
    <message>
        <source>No job matches these filters.</source>
        <translation>没有符合这些筛选条件的任务。</translation>
    </message>
    <message>
        <source>Nothing here yet.
Write a prompt in Imagine and press Ctrl+Enter: your images will appear here and stay in your library.</source>
        <translation>这里还没有内容。
在“绘图”中写下提示词并按 Ctrl+Enter：生成的图片会出现在这里，并保存在你的图库中。</translation>
    </message>
    <message>
        <source>{count} jobs</source>
        <translation>{count} 个任务</translation>
    </message>
    <message>
        <source>{count} job</source>
        <translation>{count} 个任务</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Where the last export went</source>
        <translation>上次导出的位置</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>缩略图大小</translation>
    </message>
    <message>
        <source>Thumbnail size (Ctrl+wheel over the gallery)</source>
        <translation>缩略图大小（在图库上按住 Ctrl 滚动滚轮）</translation>
    </message>
    <message>
        <source>This collection is empty.
Drag images onto its name on the left, or use “Add to collection” in an image's menu.</source>
        <translation>这个收藏夹是空的。
把图片拖到左侧它的名称上，或在图片的菜单中选择“添加到收藏夹”。</translation>
    </message>
    <message>
        <source>All {count} jobs here are rejected.
Choose “Show rejected” above to see them.</source>
        <translation>这里的 {count} 个任务都已被淘汰。
在上方选择“显示已淘汰”即可看到它们。</translation>
    </message>
    <message>
        <source>The only job here is rejected.
Choose “Show rejected” above to see it.</source>
        <translation>这里唯一的任务已被淘汰。
在上方选择“显示已淘汰”即可看到它。</translation>
    </message>
</context>
<context>
    <name>Modal</name>
    <message>
        <source>Imagine from this prompt</source>
        <translation>用此提示词绘图</translation>
    </message>
    <message>
        <source>Remix</source>
        <translation>混音（Remix）</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Job failed</source>
        <translation>任务失败</translation>
    </message>
    <message>
        <source>Job finished</source>
        <translation>任务完成</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}：{text}</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Needs you</source>
        <translation>等待你处理</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>已延后</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>dddd, d MMMM</source>
        <translation>M月d日 dddd</translation>
    </message>
    <message>
        <source>In your queue</source>
        <translation>在你的队列中</translation>
    </message>
</context>
<context>
    <name>FollowUps</name>
    <message>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Vary</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Reroll</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Vary (Region)</source>
        <translation>局部重绘</translation>
    </message>
    <message>
        <source>Custom Zoom</source>
        <translation>自定义缩放</translation>
    </message>
    <message>
        <source>Imagine {n}</source>
        <translation>绘图 {n}</translation>
    </message>
    <message>
        <source>Pan left</source>
        <translation>向左平移</translation>
    </message>
    <message>
        <source>Pan right</source>
        <translation>向右平移</translation>
    </message>
    <message>
        <source>Pan up</source>
        <translation>向上平移</translation>
    </message>
    <message>
        <source>Pan down</source>
        <translation>向下平移</translation>
    </message>
    <message>
        <source>Action {name}</source>
        <translation>操作 {name}</translation>
    </message>
    <message>
        <source>Animate</source>
        <translation>生成动画</translation>
    </message>
    <message>
        <source>Animate (High motion)</source>
        <translation>生成动画（高动态）</translation>
    </message>
    <message>
        <source>Animate (Low motion)</source>
        <translation>生成动画（低动态）</translation>
    </message>
    <message>
        <source>Bookmark</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Describe again</source>
        <translation>重新图生文</translation>
    </message>
    <message>
        <source>Extend (High motion)</source>
        <translation>延长（高动态）</translation>
    </message>
    <message>
        <source>Extend (Low motion)</source>
        <translation>延长（低动态）</translation>
    </message>
    <message>
        <source>Imagine all</source>
        <translation>全部绘图</translation>
    </message>
    <message>
        <source>Prompt {n}</source>
        <translation>提示词 {n}</translation>
    </message>
    <message>
        <source>Upscale (2x)</source>
        <translation>放大（2 倍）</translation>
    </message>
    <message>
        <source>Upscale (4x)</source>
        <translation>放大（4 倍）</translation>
    </message>
    <message>
        <source>Upscale (Creative)</source>
        <translation>放大（创意）</translation>
    </message>
    <message>
        <source>Upscale (Subtle)</source>
        <translation>放大（细微）</translation>
    </message>
    <message>
        <source>Vary (Strong)</source>
        <translation>变化（强烈）</translation>
    </message>
    <message>
        <source>Vary (Subtle)</source>
        <translation>变化（细微）</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom Out 1.5x</source>
        <translation>缩小 1.5 倍</translation>
    </message>
    <message>
        <source>Zoom Out 2x</source>
        <translation>缩小 2 倍</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>计算机</translation>
    </message>
</context>
<context>
    <name>KeyStoreNote</name>
    <message>
        <source>Checking the system keychain…</source>
        <translation>正在检查系统钥匙串…</translation>
    </message>
    <message>
        <source>⚠ No system keychain works on this computer, so the key is kept in {file}, readable only by you. It moves into a system keychain once one works.</source>
        <translation>⚠ 这台电脑上没有可用的系统钥匙串，因此密钥保存在 {file} 中，只有你能读取。一旦有可用的钥匙串，密钥会自动移入其中。</translation>
    </message>
</context>
<context>
    <name>KeyStorePanel</name>
    <message>
        <source>&amp;Move keys to the system keychain</source>
        <translation>将密钥移入系统钥匙串(&amp;M)</translation>
    </message>
    <message>
        <source>API keys are kept in the system keychain, but some are still in {file}. Move them to the keychain.</source>
        <translation>API 密钥保存在系统钥匙串中，但仍有一些在 {file} 里。请将它们移入钥匙串。</translation>
    </message>
    <message>
        <source>API keys are kept in the system keychain.</source>
        <translation>API 密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Checking the system keychain…</source>
        <translation>正在检查系统钥匙串…</translation>
    </message>
    <message>
        <source>Move the API keys from the key file to the system keychain</source>
        <translation>将 API 密钥从密钥文件移入系统钥匙串</translation>
    </message>
    <message>
        <source>⚠ No system keychain works on this computer, so API keys are kept in {file}, readable only by you. They move into a system keychain once one works.</source>
        <translation>⚠ 这台电脑上没有可用的系统钥匙串，因此 API 密钥保存在 {file} 中，只有你能读取。一旦有可用的钥匙串，密钥会自动移入其中。</translation>
    </message>
</context>
<context>
    <name>LibraryUnusableError</name>
    <message>
        <source>cannot create the library folder {path}: {error}. Choose another home folder (--home) or fix that path.</source>
        <translation>无法创建图库文件夹 {path}：{error}。请选择其他主文件夹（--home）或修正该路径。</translation>
    </message>
    <message>
        <source>the disk holding {path} is full; nothing was changed. Free some space and try again.</source>
        <translation>存放 {path} 的磁盘已满；未做任何更改。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>{path} cannot be written (read-only); make it and its folder writable, or choose another home folder (--home).</source>
        <translation>{path} 无法写入（只读）；请让它及其所在文件夹可写，或选择其他主文件夹（--home）。</translation>
    </message>
    <message>
        <source>{path} is damaged ({error}); it was left as it is. Restore it from a backup, or move it away to start a new, empty library.</source>
        <translation>{path} 已损坏（{error}）；它保持原样未被改动。请从备份恢复，或将它移走以新建一个空图库。</translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes), so it is not a library; it was left as it is. Restore it from a backup, or delete it to start a new, empty library.</source>
        <translation>{path} 是空文件（0 字节），不是图库；它保持原样未被改动。请从备份恢复，或删除它以新建一个空图库。</translation>
    </message>
</context>
<context>
    <name>ServerUrl</name>
    <message>
        <source>Enter the server address, starting with https:// or http://.</source>
        <translation>请输入服务器地址，以 https:// 或 http:// 开头。</translation>
    </message>
    <message>
        <source>The address contains a user name or key before “@”. Remove it: the API key goes in its own field.</source>
        <translation>地址中“@”前含有用户名或密钥。请删除它：API 密钥应填在单独的字段中。</translation>
    </message>
    <message>
        <source>The port in the address is not a number from 1 to 65535.</source>
        <translation>地址中的端口不是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>This address uses plain http:// to another machine: the API key and your images travel unencrypted. Use https:// unless the server is on your own network.</source>
        <translation>该地址使用明文 http:// 连接另一台机器：API 密钥和你的图片将以未加密方式传输。除非服务器在你自己的网络内，请使用 https://。</translation>
    </message>
</context>
<context>
    <name>UserFileError</name>
    <message>
        <source>cannot read it ({error})</source>
        <translation>无法读取（{error}）</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>not a regular file (a device, pipe or socket)</source>
        <translation>不是普通文件（而是设备、管道或套接字）</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>the file is too large ({size:.1f} MiB, the limit is {limit:g} MiB)</source>
        <translation>文件太大（{size:.1f} MiB，上限为 {limit:g} MiB）</translation>
    </message>
    <message>
        <source>this is a folder, not a file</source>
        <translation>这是文件夹，不是文件</translation>
    </message>
</context>
<context>
    <name>Viewer</name>
    <message>
        <source>Back to the gallery (Esc)</source>
        <translation>返回图库（Esc）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <source>Next job (Right)</source>
        <translation>下一个任务（→）</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>父任务</translation>
    </message>
    <message>
        <source>Parent: {title}</source>
        <translation>父任务：{title}</translation>
    </message>
    <message>
        <source>Position in the gallery</source>
        <translation>在图库中的位置</translation>
    </message>
    <message>
        <source>Previous job (Left)</source>
        <translation>上一个任务（←）</translation>
    </message>
    <message>
        <source>Side by side with the parent job (P)</source>
        <translation>与父任务并排对比（P）</translation>
    </message>
    <message>
        <source>The parent has no image in the library.</source>
        <translation>父任务在图库中没有图像。</translation>
    </message>
    <message>
        <source>The parent job's image</source>
        <translation>父任务的图像</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>查看器</translation>
    </message>
    <message>
        <source>Animate</source>
        <translation>生成动画</translation>
    </message>
    <message>
        <source>Animate this image into a video…</source>
        <translation>将此图片生成视频…</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>延长</translation>
    </message>
    <message>
        <source>Extend this video…</source>
        <translation>延长此视频…</translation>
    </message>
</context>
<context>
    <name>Section</name>
    <message>
        <source>expanded</source>
        <translation>已展开</translation>
    </message>
    <message>
        <source>folded</source>
        <translation>已折叠</translation>
    </message>
</context>
<context>
    <name>VideoBar</name>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Loop the video</source>
        <translation>循环播放视频</translation>
    </message>
    <message>
        <source>Open in player</source>
        <translation>用播放器打开</translation>
    </message>
    <message>
        <source>Open the video in the system's player</source>
        <translation>用系统播放器打开视频</translation>
    </message>
    <message>
        <source>Play / pause (K)</source>
        <translation>播放 / 暂停 (K)</translation>
    </message>
    <message>
        <source>Play or pause the video (K)</source>
        <translation>播放或暂停视频 (K)</translation>
    </message>
    <message>
        <source>Position in the video</source>
        <translation>视频播放位置</translation>
    </message>
    <message>
        <source>This video cannot be played here ({reason}).</source>
        <translation>无法在此播放该视频（{reason}）。</translation>
    </message>
    <message>
        <source>Time in the video</source>
        <translation>视频时间</translation>
    </message>
    <message>
        <source>Video {n}</source>
        <translation>视频 {n}</translation>
    </message>
    <message>
        <source>Videos cannot play inside mjdesk on this system.</source>
        <translation>此系统无法在 mjdesk 内播放视频。</translation>
    </message>
    <message>
        <source>Which video</source>
        <translation>选择视频</translation>
    </message>
</context>
<context>
    <name>UpdateButton</name>
    <message>
        <source>See what is new and download it</source>
        <translation>查看新内容并下载</translation>
    </message>
    <message>
        <source>mjdesk {version} is available</source>
        <translation>mjdesk {version} 已发布</translation>
    </message>
    <message>
        <source>A new version of mjdesk</source>
        <translation>mjdesk 新版本</translation>
    </message>
</context>
<context>
    <name>UpdateChecker</name>
    <message>
        <source>the release list could not be reached (offline, or a proxy is needed)</source>
        <translation>无法连接发布列表（可能处于离线状态，或需要代理）</translation>
    </message>
    <message>
        <source>the release list could not be read</source>
        <translation>无法读取发布列表</translation>
    </message>
    <message>
        <source>the release list's address is not a secure (https) one</source>
        <translation>发布列表的地址不是安全的 https 地址</translation>
    </message>
    <message>
        <source>the release list's server answered with an error</source>
        <translation>发布列表的服务器返回了错误</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <source>&amp;Download…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Skip this version</source>
        <translation>跳过此版本(&amp;S)</translation>
    </message>
    <message>
        <source>&lt;b&gt;mjdesk {new}&lt;/b&gt; is available. You have {current}.</source>
        <translation>&lt;b&gt;mjdesk {new}&lt;/b&gt; 已发布。你当前的版本是 {current}。</translation>
    </message>
    <message>
        <source>A new version of mjdesk</source>
        <translation>mjdesk 新版本</translation>
    </message>
    <message>
        <source>No release notes.</source>
        <translation>没有发布说明。</translation>
    </message>
    <message>
        <source>Released on {date}</source>
        <translation>发布于 {date}</translation>
    </message>
    <message>
        <source>What is new</source>
        <translation>新内容</translation>
    </message>
</context>
<context>
    <name>ServerHistory</name>
    <message>
        <source>Quota: unlimited ({used} used)</source>
        <translation>额度：无限（已用 {used}）</translation>
    </message>
    <message>
        <source>Quota: {left} left of {granted}</source>
        <translation>额度：剩余 {left}，共 {granted}</translation>
    </message>
</context>
<context>
    <name>ServerHistoryDialog</name>
    <message>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Import into the library</source>
        <translation>导入到图库(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Older ›</source>
        <translation>更早(&amp;O) ›</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Adds every task of this server the library does not have yet, and downloads its results.</source>
        <translation>把图库中还没有的此服务器任务全部加入，并下载其结果。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Import the server's tasks into the library</source>
        <translation>把服务器的任务导入图库</translation>
    </message>
    <message>
        <source>Newer tasks</source>
        <translation>较新的任务</translation>
    </message>
    <message>
        <source>No tasks on this page.</source>
        <translation>此页没有任务。</translation>
    </message>
    <message>
        <source>Nothing waits on the server.</source>
        <translation>服务器上没有等待中的任务。</translation>
    </message>
    <message>
        <source>Older tasks</source>
        <translation>更早的任务</translation>
    </message>
    <message>
        <source>Page {page}</source>
        <translation>第 {page} 页</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Quota of the API key</source>
        <translation>API 密钥的额度</translation>
    </message>
    <message>
        <source>Reading the server's history…</source>
        <translation>正在读取服务器历史…</translation>
    </message>
    <message>
        <source>Refresh the server's tasks</source>
        <translation>刷新服务器任务</translation>
    </message>
    <message>
        <source>Server views</source>
        <translation>服务器视图</translation>
    </message>
    <message>
        <source>Server: {name}</source>
        <translation>服务器：{name}</translation>
    </message>
    <message>
        <source>Show tasks in this state</source>
        <translation>只显示此状态的任务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Tasks waiting or running on the server</source>
        <translation>服务器上等待或运行中的任务</translation>
    </message>
    <message>
        <source>The server's tasks</source>
        <translation>服务器的任务</translation>
    </message>
    <message>
        <source>This server does not show its queue.</source>
        <translation>此服务器不提供队列信息。</translation>
    </message>
    <message>
        <source>This server keeps no task list that mjdesk can read: your own jobs are in the gallery.</source>
        <translation>此服务器没有 mjdesk 可读取的任务列表：你自己的任务都在图库中。</translation>
    </message>
    <message>
        <source>‹ &amp;Newer</source>
        <translation>‹ 较新(&amp;N)</translation>
    </message>
    <message>
        <source>Imported {count} new job.</source>
        <translation>已导入 {count} 个新任务。</translation>
    </message>
    <message>
        <source>Imported {count} new jobs.</source>
        <translation>已导入 {count} 个新任务。</translation>
    </message>
    <message>
        <source>{count} was already in the library.</source>
        <translation>{count} 个已在图库中。</translation>
    </message>
    <message>
        <source>{count} were already in the library.</source>
        <translation>{count} 个已在图库中。</translation>
    </message>
    <message>
        <source>Ask the server which actions and lists it has</source>
        <translation>询问服务器提供哪些操作和列表</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在询问服务器…</translation>
    </message>
    <message>
        <source>Asks each route without sending a job: nothing is created or charged.</source>
        <translation>逐个询问接口而不提交任务：不会创建任务，也不会扣费。</translation>
    </message>
    <message>
        <source>Check what the server &amp;offers</source>
        <translation>检查服务器提供的功能(&amp;O)</translation>
    </message>
    <message>
        <source>The server did not say (check the connection and the key).</source>
        <translation>服务器没有回答（请检查连接和密钥）。</translation>
    </message>
    <message>
        <source>This server has every route mjdesk asked about.</source>
        <translation>此服务器提供了 mjdesk 询问的所有接口。</translation>
    </message>
    <message>
        <source>This server lacks: {names}.</source>
        <translation>此服务器缺少：{names}。</translation>
    </message>
</context>
<context>
    <name>EditTab</name>
    <message>
        <source>&amp;Make</source>
        <translation>制作(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <source>Add the image to edit.</source>
        <translation>请添加要编辑的图片。</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the painted area</source>
        <translation>清除已涂抹的区域</translation>
    </message>
    <message>
        <source>Edit prompt</source>
        <translation>编辑提示词</translation>
    </message>
    <message>
        <source>New surface for the whole image (Retexture)</source>
        <translation>为整张图片换上新的质感（重塑纹理）</translation>
    </message>
    <message>
        <source>Nothing painted: the whole image is edited as the prompt says.</source>
        <translation>未涂抹区域：将按提示词编辑整张图片。</translation>
    </message>
    <message>
        <source>Paint the &amp;area to repaint…</source>
        <translation>涂抹要重绘的区域(&amp;A)…</translation>
    </message>
    <message>
        <source>Paint the area to repaint</source>
        <translation>涂抹要重绘的区域</translation>
    </message>
    <message>
        <source>Repaint the painted area (Edit)</source>
        <translation>重绘涂抹的区域（编辑）</translation>
    </message>
    <message>
        <source>Replace the image that could not be used.</source>
        <translation>请替换无法使用的图片。</translation>
    </message>
    <message>
        <source>Retexture keeps the shapes of the whole image and changes their surface.</source>
        <translation>重塑纹理会保留整张图片的形状，只改变它们的表面质感。</translation>
    </message>
    <message>
        <source>Say what the image should show.</source>
        <translation>请描述图片应呈现的内容。</translation>
    </message>
    <message>
        <source>The painted area is erased and repainted; the rest of the image is kept.</source>
        <translation>涂抹的区域会被擦除并重绘，图片其余部分保持不变。</translation>
    </message>
    <message>
        <source>This server ({dialect}) does not offer Retexture; Edit works here.</source>
        <translation>此服务器（{dialect}）不提供重塑纹理；可以使用编辑。</translation>
    </message>
    <message>
        <source>Wait until the image is ready.</source>
        <translation>请等待图片准备完毕。</translation>
    </message>
    <message>
        <source>What the image should show, e.g. “a green velvet sofa”</source>
        <translation>图片应呈现的内容，例如“一张绿色丝绒沙发”</translation>
    </message>
    <message>
        <source>What to do with the image</source>
        <translation>如何处理这张图片</translation>
    </message>
    <message>
        <source>Your image</source>
        <translation>你的图片</translation>
    </message>
</context>
<context>
    <name>Matrix</name>
    <message>
        <source>--repeat takes a whole number from 1 to 40, not “{value}”.</source>
        <translation>--repeat 需要 1 到 40 的整数，而不是“{value}”。</translation>
    </message>
    <message>
        <source>A “{{” is never closed: add “}}”, or write \{{ for the character.</source>
        <translation>“{{”没有闭合：请补上“}}”，或写 \{{ 表示该字符本身。</translation>
    </message>
    <message>
        <source>A “}}” closes no “{{”: write \}} for the character itself.</source>
        <translation>“}}”前面没有对应的“{{”：若要输入该字符本身，请写 \}}。</translation>
    </message>
    <message>
        <source>This matrix makes {count} jobs; at most {limit} are sent at once.</source>
        <translation>此组合会生成 {count} 个任务；一次最多发送 {limit} 个。</translation>
    </message>
</context>
<context>
    <name>MatrixGrid</name>
    <message>
        <source>Copies</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>Result: {prompt}</source>
        <translation>结果：{prompt}</translation>
    </message>
    <message>
        <source>Variation matrix: {count} jobs</source>
        <translation>变体组合：{count} 个任务</translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>&amp;Cancel jobs</source>
        <translation>取消任务(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Hold</source>
        <translation>暂缓(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Release</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>1 job waits</source>
        <translation>1 个任务等待中</translation>
    </message>
    <message>
        <source>1 on hold</source>
        <translation>1 个暂缓</translation>
    </message>
    <message>
        <source>At &amp;once</source>
        <translation>同时(&amp;O)</translation>
    </message>
    <message>
        <source>Cancel the selected jobs: they are never sent</source>
        <translation>取消所选任务：它们不会被发送</translation>
    </message>
    <message>
        <source>Hold the selected jobs: they are not sent until released</source>
        <translation>暂缓所选任务：恢复前不会发送</translation>
    </message>
    <message>
        <source>Jobs at once on this server</source>
        <translation>此服务器的同时任务数</translation>
    </message>
    <message>
        <source>Jobs waiting to be sent</source>
        <translation>等待发送的任务</translation>
    </message>
    <message>
        <source>More jobs than this wait here and are sent as running ones finish. Midjourney runs 3 fast jobs at once on most plans, 12 on Pro and Mega.</source>
        <translation>超出此数的任务在这里等待，待运行中的任务完成后再发送。Midjourney 大多数套餐可同时运行 3 个快速任务，Pro 和 Mega 为 12 个。</translation>
    </message>
    <message>
        <source>Move the selected jobs down</source>
        <translation>将所选任务下移</translation>
    </message>
    <message>
        <source>Move the selected jobs to the end of the queue</source>
        <translation>将所选任务移到队尾</translation>
    </message>
    <message>
        <source>Move the selected jobs to the front of the queue</source>
        <translation>将所选任务移到队首</translation>
    </message>
    <message>
        <source>Move the selected jobs up</source>
        <translation>将所选任务上移</translation>
    </message>
    <message>
        <source>Nothing waits here. When this server already runs as many jobs as you allow, new ones wait in this queue and go out in this order.</source>
        <translation>这里没有等待的任务。当此服务器运行的任务已达你允许的数量时，新任务会在此队列中等待，并按此顺序发出。</translation>
    </message>
    <message>
        <source>Pause or resume this server's queue</source>
        <translation>暂停或继续此服务器的队列</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <source>Paused: nothing more is sent from this queue until you resume it.</source>
        <translation>已暂停：在你继续之前，此队列不再发送任务。</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Queue summary</source>
        <translation>队列概况</translation>
    </message>
    <message>
        <source>Release the selected jobs</source>
        <translation>恢复所选任务</translation>
    </message>
    <message>
        <source>Resume queue</source>
        <translation>继续队列</translation>
    </message>
    <message>
        <source>Send &amp;first</source>
        <translation>最先发送(&amp;F)</translation>
    </message>
    <message>
        <source>Send &amp;last</source>
        <translation>最后发送(&amp;L)</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>the server's queue was full; tried again soon</source>
        <translation>服务器队列已满，稍后重试</translation>
    </message>
    <message>
        <source>{n} jobs wait</source>
        <translation>{n} 个任务等待中</translation>
    </message>
    <message>
        <source>{n} on hold</source>
        <translation>{n} 个暂缓</translation>
    </message>
    <message>
        <source>{running} running of at most {cap}</source>
        <translation>运行中 {running} 个，最多 {cap} 个</translation>
    </message>
    <message>
        <source>{running} running, no limit of yours</source>
        <translation>运行中 {running} 个，未设上限</translation>
    </message>
</context>
<context>
    <name>Costs</name>
    <message>
        <source>(some without a price)</source>
        <translation>（部分未定价）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the submit</source>
        <translation>取消提交</translation>
    </message>
    <message>
        <source>Over the daily budget</source>
        <translation>超出每日预算</translation>
    </message>
    <message>
        <source>Submit anyway</source>
        <translation>仍然提交</translation>
    </message>
    <message>
        <source>Submit anyway, over the daily budget</source>
        <translation>超出每日预算，仍然提交</translation>
    </message>
    <message>
        <source>Today's spending so far is {spent}; {jobs} would add about {estimate}, {after} in all — over your daily budget of {budget}.</source>
        <translation>今天目前已花费 {spent}；{jobs}将再增加约 {estimate}，合计 {after}——超出您的每日预算 {budget}。</translation>
    </message>
    <message>
        <source>these {count} jobs</source>
        <translation>这 {count} 个任务</translation>
    </message>
    <message>
        <source>this job</source>
        <translation>此任务</translation>
    </message>
    <message>
        <source>{count} jobs ≈ {amount}</source>
        <translation>{count} 个任务 ≈ {amount}</translation>
    </message>
    <message>
        <source>≈ {amount}</source>
        <translation>≈ {amount}</translation>
    </message>
</context>
<context>
    <name>CostsDialog</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>(untagged)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>By &amp;day</source>
        <translation>按日(&amp;D)</translation>
    </message>
    <message>
        <source>By &amp;server</source>
        <translation>按服务器(&amp;S)</translation>
    </message>
    <message>
        <source>By &amp;tag</source>
        <translation>按标签(&amp;T)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the costs window</source>
        <translation>关闭费用窗口</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Costs by day, server and tag</source>
        <translation>按日、服务器和标签的费用</translation>
    </message>
    <message>
        <source>Costs: {view}</source>
        <translation>费用：{view}</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Estimated</source>
        <translation>预估</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务数</translation>
    </message>
    <message>
        <source>Read the costs again</source>
        <translation>重新读取费用</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Recorded when a server accepts a job, at the price its server's table gives; a failed job the server refunds counts as nothing. A job with two tags is listed under both.</source>
        <translation>服务器接受任务时，按该服务器价格表中的价格记录；服务器退款的失败任务不计费用。带两个标签的任务会同时列在两个标签下。</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>花费</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Today: {today}    This month: {month}</source>
        <translation>今天：{today}    本月：{month}</translation>
    </message>
    <message>
        <source>{server} says this key has used {amount} in all (failed jobs it refunded still count there).</source>
        <translation>{server} 显示此密钥共已使用 {amount}（其中仍包含已退款的失败任务）。</translation>
    </message>
    <message>
        <source>Nothing recorded yet. Give your server its prices (Settings ▸ Servers ▸ Edit ▸ Prices, or Fetch from server where the gateway publishes them) and each job is recorded here when the server accepts it.</source>
        <translation>还没有记录。为服务器设置价格（设置 ▸ 服务器 ▸ 编辑 ▸ 价格，或在网关公布价格时“从服务器获取”），服务器接受每个任务时都会记录在这里。</translation>
    </message>
</context>
<context>
    <name>PriceEditor</name>
    <message>
        <source>&amp;Fetch from server</source>
        <translation>从服务器获取(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>单位(&amp;U)</translation>
    </message>
    <message>
        <source>Could not read the prices: {error}</source>
        <translation>无法读取价格：{error}</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Price of each kind of job</source>
        <translation>每种任务的价格</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Read the prices this server publishes</source>
        <translation>读取此服务器公布的价格</translation>
    </message>
    <message>
        <source>Read {count} price from the server (its default price group). Save to keep it.</source>
        <translation>已从服务器读取 {count} 个价格（默认价格分组）。保存后生效。</translation>
    </message>
    <message>
        <source>Read {count} prices from the server (its default price group). Save to keep them.</source>
        <translation>已从服务器读取 {count} 个价格（默认价格分组）。保存后生效。</translation>
    </message>
    <message>
        <source>Reading the server's prices…</source>
        <translation>正在读取服务器的价格…</translation>
    </message>
    <message>
        <source>The price of “{job}” is not a number from 0 up.</source>
        <translation>“{job}”的价格不是大于等于 0 的数字。</translation>
    </message>
    <message>
        <source>The server publishes no Midjourney prices.</source>
        <translation>该服务器没有公布 Midjourney 价格。</translation>
    </message>
    <message>
        <source>Unit the prices are in</source>
        <translation>价格的单位</translation>
    </message>
    <message>
        <source>What each kind of job costs here: shown before you submit and kept per job. Empty: not priced.</source>
        <translation>每种任务在此服务器上的价格：提交前显示，并按任务记录。留空：不计价。</translation>
    </message>
    <message>
        <source>credits</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>quota (new-api)</source>
        <translation>额度（new-api）</translation>
    </message>
</context>
<context>
    <name>Prices</name>
    <message>
        <source>Answer to Vary (Region) / Custom Zoom</source>
        <translation>局部重绘 / 自定义缩放的回答</translation>
    </message>
</context>
<context>
    <name>ReferenceLibrary</name>
    <message>
        <source>&amp;Code</source>
        <translation>代码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Tags</source>
        <translation>标签(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Use in Imagine</source>
        <translation>用于 Imagine(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Weight</source>
        <translation>权重(&amp;W)</translation>
    </message>
    <message>
        <source>A code is one word of letters and digits, e.g. 3209421.</source>
        <translation>代码是由字母和数字组成的一个词，例如 3209421。</translation>
    </message>
    <message>
        <source>Add &amp;image…</source>
        <translation>添加图片(&amp;I)…</translation>
    </message>
    <message>
        <source>Add a style or personalization code</source>
        <translation>添加风格代码或个性化代码</translation>
    </message>
    <message>
        <source>Add an image as a reference</source>
        <translation>添加图片作为参考</translation>
    </message>
    <message>
        <source>Add c&amp;ode</source>
        <translation>添加代码(&amp;O)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>Default weight</source>
        <translation>默认权重</translation>
    </message>
    <message>
        <source>Delete this reference</source>
        <translation>删除此参考</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>图片 ({patterns})</translation>
    </message>
    <message>
        <source>Kind of reference</source>
        <translation>参考类型</translation>
    </message>
    <message>
        <source>No saved references yet.
Add an image or a code here, or save a result from the gallery's menu (Save to the reference library). Double-click one to use it in Imagine, or drag it onto the composer.</source>
        <translation>还没有保存的参考。
在这里添加图片或代码，或在图库菜单中将结果存入参考库。双击参考即可在 Imagine 中使用，也可以把它拖到编辑区。</translation>
    </message>
    <message>
        <source>Reference library</source>
        <translation>参考库</translation>
    </message>
    <message>
        <source>Reference library message</source>
        <translation>参考库消息</translation>
    </message>
    <message>
        <source>Reference name</source>
        <translation>参考名称</translation>
    </message>
    <message>
        <source>Save this reference</source>
        <translation>保存此参考</translation>
    </message>
    <message>
        <source>Saved references</source>
        <translation>已保存的参考</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Search names, tags and codes</source>
        <translation>搜索名称、标签和代码</translation>
    </message>
    <message>
        <source>Search references</source>
        <translation>搜索参考</translation>
    </message>
    <message>
        <source>Show references of this kind</source>
        <translation>显示此类型的参考</translation>
    </message>
    <message>
        <source>Style or personalization code</source>
        <translation>风格代码或个性化代码</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation>标签，用逗号分隔</translation>
    </message>
    <message>
        <source>The image of “{name}” cannot be read: {error}</source>
        <translation>无法读取“{name}”的图片：{error}</translation>
    </message>
    <message>
        <source>Type the code and a name, then Save.</source>
        <translation>输入代码和名称，然后保存。</translation>
    </message>
    <message>
        <source>Use this reference in the Imagine prompt</source>
        <translation>在 Imagine 提示词中使用此参考</translation>
    </message>
    <message>
        <source>e.g. 3209421 (a style code)</source>
        <translation>例如 3209421（风格代码）</translation>
    </message>
    <message>
        <source>e.g. poster, warm</source>
        <translation>例如 海报, 暖色</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>{name} cannot be added: {error}</source>
        <translation>无法添加 {name}：{error}</translation>
    </message>
    <message>
        <source>{name} is not an image mjdesk can use.</source>
        <translation>{name} 不是 mjdesk 可以使用的图片。</translation>
    </message>
</context>
<context>
    <name>References</name>
    <message>
        <source>Character reference (--cref)</source>
        <translation>角色参考（--cref）</translation>
    </message>
    <message>
        <source>Omni reference (--oref)</source>
        <translation>全能参考（--oref）</translation>
    </message>
    <message>
        <source>Personalization code (--p)</source>
        <translation>个性化代码（--p）</translation>
    </message>
    <message>
        <source>Style reference (--sref)</source>
        <translation>风格参考（--sref）</translation>
    </message>
    <message>
        <source>Character</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Omni</source>
        <translation>全能</translation>
    </message>
    <message>
        <source>Personalization</source>
        <translation>个性化</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>风格</translation>
    </message>
</context>
<context>
    <name>Lineage</name>
    <message>
        <source>No image yet</source>
        <translation>暂无图片</translation>
    </message>
</context>
<context>
    <name>LineageWindow</name>
    <message>
        <source>Chain run</source>
        <translation>重跑进度</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Job {id} has no prompt to restore.</source>
        <translation>任务 {id} 没有可恢复的提示词。</translation>
    </message>
    <message>
        <source>Job {id}: {caption} — {state}</source>
        <translation>任务 {id}：{caption} — {state}</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>衍生关系</translation>
    </message>
    <message>
        <source>Lineage tree (arrows to walk, Enter to open)</source>
        <translation>衍生关系树（方向键移动，回车打开）</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open this step in the viewer (Enter)</source>
        <translation>在查看器中打开这一步（回车）</translation>
    </message>
    <message>
        <source>Put this step's prompt and parameters into Imagine</source>
        <translation>把这一步的提示词和参数放入绘图</translation>
    </message>
    <message>
        <source>Restore into the composer</source>
        <translation>恢复到编辑区</translation>
    </message>
    <message>
        <source>Run again of job {id} on {server}</source>
        <translation>在 {server} 上重跑任务 {id}</translation>
    </message>
    <message>
        <source>Run again of job {id} on {server} with {model}</source>
        <translation>在 {server} 上用 {model} 重跑任务 {id}</translation>
    </message>
    <message>
        <source>Run the steps from the first imagine to this one again, maybe with another model or server</source>
        <translation>从最初的绘图到这一步重新执行一遍，可换模型或服务器</translation>
    </message>
    <message>
        <source>Run this chain again…</source>
        <translation>重跑这条链…</translation>
    </message>
    <message>
        <source>Running the chain again: step {n} of {count} ({step})…</source>
        <translation>正在重跑：第 {n} 步，共 {count} 步（{step}）…</translation>
    </message>
    <message>
        <source>Running the chain again…</source>
        <translation>正在重跑这条链…</translation>
    </message>
    <message>
        <source>Show the whole tree</source>
        <translation>显示整棵树</translation>
    </message>
    <message>
        <source>Stopped at step {n} of {count} ({step}): {why}</source>
        <translation>停在第 {n} 步，共 {count} 步（{step}）：{why}</translation>
    </message>
    <message>
        <source>The chain ran again: all {count} steps are done.</source>
        <translation>重跑完成：全部 {count} 步都已完成。</translation>
    </message>
    <message>
        <source>The chosen step</source>
        <translation>所选的一步</translation>
    </message>
    <message>
        <source>The prompt of job {id} is in the composer.</source>
        <translation>任务 {id} 的提示词已放入编辑区。</translation>
    </message>
    <message>
        <source>account default</source>
        <translation>账户默认</translation>
    </message>
    <message>
        <source>the first imagine</source>
        <translation>最初的绘图</translation>
    </message>
    <message>
        <source>the first imagine sent images the library did not keep.</source>
        <translation>最初的绘图发送了图库未保存的图片。</translation>
    </message>
    <message>
        <source>the job did not succeed.</source>
        <translation>任务没有成功。</translation>
    </message>
    <message>
        <source>the job took too long.</source>
        <translation>任务耗时过长。</translation>
    </message>
    <message>
        <source>the new image has no such button (another model offers others).</source>
        <translation>新图片没有这个按钮（其他模型提供的按钮不同）。</translation>
    </message>
    <message>
        <source>the painted area of this Vary (Region) was not kept; paint it again.</source>
        <translation>这次局部重绘的涂抹区域未保存，请重新涂抹。</translation>
    </message>
    <message>
        <source>the run was stopped.</source>
        <translation>重跑已停止。</translation>
    </message>
    <message>
        <source>the same server</source>
        <translation>同一服务器</translation>
    </message>
    <message>
        <source>the server did not take it.</source>
        <translation>服务器没有接受。</translation>
    </message>
    <message>
        <source>this family does not start with an imagine of a prompt.</source>
        <translation>这组衍生关系不是从提示词绘图开始的。</translation>
    </message>
    <message>
        <source>this press asks a question only you can answer.</source>
        <translation>这个按钮需要只有你能回答的问题。</translation>
    </message>
    <message>
        <source>this step was not made by a button that can be pressed again.</source>
        <translation>这一步不是由可再次按下的按钮产生的。</translation>
    </message>
</context>
<context>
    <name>RunAgainDialog</name>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>A new imagine of the first prompt, then the same press once it is done.</source>
        <translation>用最初的提示词重新绘图，完成后再按同一个按钮。</translation>
    </message>
    <message>
        <source>A new imagine of the first prompt, then the same {count} presses, each after the one before.</source>
        <translation>用最初的提示词重新绘图，然后依次按下同样的 {count} 个按钮，每一步等上一步完成。</translation>
    </message>
    <message>
        <source>A new imagine of the same prompt.</source>
        <translation>用同样的提示词重新绘图。</translation>
    </message>
    <message>
        <source>Account default</source>
        <translation>账户默认</translation>
    </message>
    <message>
        <source>As before ({model})</source>
        <translation>与之前相同（{model}）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>重跑</translation>
    </message>
    <message>
        <source>Run the chain again</source>
        <translation>重跑这条链</translation>
    </message>
    <message>
        <source>Run this chain again</source>
        <translation>重跑这条链</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>account default</source>
        <translation>账户默认</translation>
    </message>
</context>
<context>
    <name>CollectionActions</name>
    <message>
        <source>Add to collection</source>
        <translation>添加到收藏夹</translation>
    </message>
    <message>
        <source>Contact sheet</source>
        <translation>联系表</translation>
    </message>
    <message>
        <source>Contact sheet (PDF)…</source>
        <translation>联系表 (PDF)…</translation>
    </message>
    <message>
        <source>Contact sheet saved: {path} ({count} page).</source>
        <translation>联系表已保存：{path}（{count} 页）。</translation>
    </message>
    <message>
        <source>Contact sheet saved: {path} ({count} pages).</source>
        <translation>联系表已保存：{path}（{count} 页）。</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Job {id} · {date} · {server}</source>
        <translation>任务 {id} · {date} · {server}</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>新建收藏夹…</translation>
    </message>
    <message>
        <source>No collections yet</source>
        <translation>还没有收藏夹</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>没有图片</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Remove from the collection</source>
        <translation>从收藏夹中移出</translation>
    </message>
    <message>
        <source>Remove from “{name}”</source>
        <translation>从“{name}”中移出</translation>
    </message>
    <message>
        <source>Save contact sheet</source>
        <translation>保存联系表</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <source>Writing the contact sheet…</source>
        <translation>正在生成联系表…</translation>
    </message>
    <message>
        <source>{count} image</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>“{name}” is empty: drag images onto it first.</source>
        <translation>“{name}”是空的：请先把图片拖到它上面。</translation>
    </message>
</context>
<context>
    <name>CollectionsPanel</name>
    <message>
        <source>A collection named “{name}” already exists.</source>
        <translation>已有名为“{name}”的收藏夹。</translation>
    </message>
    <message>
        <source>A collection needs a name.</source>
        <translation>收藏夹需要一个名称。</translation>
    </message>
    <message>
        <source>All jobs</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <source>Collection name</source>
        <translation>收藏夹名称</translation>
    </message>
    <message>
        <source>Collection “{name}” made.</source>
        <translation>已新建收藏夹“{name}”。</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>收藏夹</translation>
    </message>
    <message>
        <source>Collections and tags</source>
        <translation>收藏夹和标签</translation>
    </message>
    <message>
        <source>Contact sheet (PDF)…</source>
        <translation>联系表 (PDF)…</translation>
    </message>
    <message>
        <source>Delete collection</source>
        <translation>删除收藏夹</translation>
    </message>
    <message>
        <source>Delete the collection “{name}”? Its {count} job stays in the library.</source>
        <translation>删除收藏夹“{name}”？其中的 {count} 个任务仍保留在图库中。</translation>
    </message>
    <message>
        <source>Delete the collection “{name}”? Its {count} jobs stay in the library.</source>
        <translation>删除收藏夹“{name}”？其中的 {count} 个任务仍保留在图库中。</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Make a collection with +, then drag images onto it</source>
        <translation>用 + 新建收藏夹，再把图片拖到它上面</translation>
    </message>
    <message>
        <source>Name of the new collection:</source>
        <translation>新收藏夹的名称：</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>新建收藏夹</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>新建收藏夹…</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>None yet: press +</source>
        <translation>还没有：请按 +</translation>
    </message>
    <message>
        <source>Rename collection</source>
        <translation>重命名收藏夹</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>{count} job added to “{name}”.</source>
        <translation>已将 {count} 个任务添加到“{name}”。</translation>
    </message>
    <message>
        <source>{count} job taken out of “{name}” (it stays in the library).</source>
        <translation>已从“{name}”移出 {count} 个任务（仍保留在图库中）。</translation>
    </message>
    <message>
        <source>{count} jobs added to “{name}”.</source>
        <translation>已将 {count} 个任务添加到“{name}”。</translation>
    </message>
    <message>
        <source>{count} jobs taken out of “{name}” (they stay in the library).</source>
        <translation>已从“{name}”移出 {count} 个任务（仍保留在图库中）。</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图库</translation>
    </message>
</context>
<context>
    <name>ContactSheetDialog</name>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Choose where to save the PDF</source>
        <translation>选择 PDF 的保存位置</translation>
    </message>
    <message>
        <source>Contact sheet</source>
        <translation>联系表</translation>
    </message>
    <message>
        <source>Images per page</source>
        <translation>每页图片数</translation>
    </message>
    <message>
        <source>Letter (US)</source>
        <translation>美式信纸</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Paper size</source>
        <translation>纸张大小</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Title printed at the top of each page</source>
        <translation>印在每页顶部的标题</translation>
    </message>
    <message>
        <source>{count} ({columns} × {rows})</source>
        <translation>{count}（{columns} × {rows}）</translation>
    </message>
    <message>
        <source>{count} image</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>{images} on {pages} page</source>
        <translation>{images}，共 {pages} 页</translation>
    </message>
    <message>
        <source>{images} on {pages} pages</source>
        <translation>{images}，共 {pages} 页</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add the tag</source>
        <translation>添加该标签</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>新标签</translation>
    </message>
    <message>
        <source>New tag…</source>
        <translation>新标签…</translation>
    </message>
    <message>
        <source>No tags yet.</source>
        <translation>还没有标签。</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Tags of these {count} jobs:</source>
        <translation>这 {count} 个任务的标签：</translation>
    </message>
    <message>
        <source>Tags of this job:</source>
        <translation>这个任务的标签：</translation>
    </message>
    <message>
        <source>Tags; untick one to take it off</source>
        <translation>标签；取消勾选即可移除</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <source>Image {letter}</source>
        <translation>图像 {letter}</translation>
    </message>
    <message>
        <source>Image {letter}, zoom with the wheel, drag to pan</source>
        <translation>图像 {letter}，滚轮缩放，拖动平移</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已淘汰</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>1–5 stars · 0 clears · X reject</source>
        <translation>1–5 评星 · 0 清除 · X 淘汰</translation>
    </message>
    <message>
        <source>A and B in one place; Space or Tab swaps them</source>
        <translation>A 与 B 在同一位置；空格或 Tab 键切换</translation>
    </message>
    <message>
        <source>Auto-flicker</source>
        <translation>自动切换</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Compare {count} images</source>
        <translation>对比 {count} 张图像</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Flicker A/B</source>
        <translation>A/B 闪烁对比</translation>
    </message>
    <message>
        <source>Flicker compares exactly two images</source>
        <translation>闪烁对比只适用于两张图像</translation>
    </message>
    <message>
        <source>No image in the library</source>
        <translation>图库中没有此图像</translation>
    </message>
    <message>
        <source>One screen pixel per image pixel (Z)</source>
        <translation>一个屏幕像素对应一个图像像素（Z）</translation>
    </message>
    <message>
        <source>Show the other image (Space or Tab)</source>
        <translation>显示另一张图像（空格或 Tab）</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>切换</translation>
    </message>
    <message>
        <source>Swap A and B by itself</source>
        <translation>自动切换 A 与 B</translation>
    </message>
    <message>
        <source>The whole image in each pane (F)</source>
        <translation>每个窗格显示整张图像（F）</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
</context>
<context>
    <name>ParamTable</name>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>No --parameters in these prompts</source>
        <translation>这些提示词中没有 --参数</translation>
    </message>
    <message>
        <source>Parameters of each image</source>
        <translation>每张图像的参数</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
</context>
<context>
    <name>PromptDiff</name>
    <message>
        <source>(no prompt)</source>
        <translation>（无提示词）</translation>
    </message>
    <message>
        <source>Green: words added against A. Struck out: words A has and this one lacks.</source>
        <translation>绿色：相对 A 新增的词。删除线：A 有而此提示词没有的词。</translation>
    </message>
    <message>
        <source>What differs in the prompts</source>
        <translation>提示词的差异</translation>
    </message>
</context>
</TS>