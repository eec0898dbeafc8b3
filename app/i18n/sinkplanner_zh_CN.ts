<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ColorButton</name>
    <message>
        <location filename="../gui/style_dialog.py" line="47" />
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../gui/dashboard.py" line="194" />
        <source>Prepare planning data</source>
        <extracomment>chart metrics: yearly column → (en label, zh label, scale, unit)</extracomment>
        <translation>准备规划数据</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="195" />
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="196" />
        <source>Compare with</source>
        <translation>对比情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="197" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="198" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="199" />
        <source>Map this year</source>
        <translation>生成当年地图</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="200" />
        <source>Carbon density maps of the scenario (and the one compared) in the chosen year, with a swipe divider</source>
        <translation>生成所选年份该情景（及对比情景）的碳密度地图，并用卷帘对比</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="202" />
        <source>Scale each action's yearly area (100% = as planned)</source>
        <translation>按比例调整各措施的年度面积（100% = 按计划）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="203" />
        <source>Half (50%)</source>
        <translation>减半（50%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="204" />
        <source>As planned</source>
        <translation>按计划</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="205" />
        <source>More (150%)</source>
        <translation>加大（150%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="206" />
        <source>Scenario studio</source>
        <translation>情景工作室</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="207" />
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="208" />
        <source>Townships</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="210" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="211" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="236" />
        <source>Preparing planning data</source>
        <translation>准备规划数据</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="270" />
        <source>Projections to 2060 need the planning data of this project (a minute or less).</source>
        <translation>预测至 2060 年需要先准备本工程的规划数据（约一分钟以内）。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="272" />
        <source>%1 scenarios, %2–%3</source>
        <translation>%1 个情景，%2–%3 年</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="297" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="319" />
        <source>This scenario allocates automatically (budget or target); it has no yearly areas to scale.</source>
        <translation>该情景按预算或目标自动分配，没有可调整的年度面积。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="449" />
        <source>&lt;b&gt;%1&lt;/b&gt; in %2: forest cover %3%, carbon stock %4 Mt C, annual sink %5 ×10⁴ t CO₂e</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2 年）：森林覆盖率 %3%，碳储量 %4 百万吨碳，年碳汇 %5 万吨 CO₂e</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="471" />
        <source>Scenario maps %1</source>
        <translation>情景地图 %1</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="544" />
        <source>target %1</source>
        <translation>%1 年目标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="560" />
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="560" />
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="560" />
        <source>Target year</source>
        <translation>目标年</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="561" />
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="561" />
        <source>Now</source>
        <translation>现状</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="561" />
        <source>In target year</source>
        <translation>目标年预测值</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="562" />
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="562" />
        <source>Met</source>
        <translation>达标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="562" />
        <source>Year reached</source>
        <translation>达标年份</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="568" />
        <location filename="../gui/dashboard.py" line="590" />
        <source>Forest cover (%)</source>
        <translation>森林覆盖率（%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="569" />
        <location filename="../gui/dashboard.py" line="591" />
        <source>Stock volume (m³)</source>
        <translation>森林蓄积量（m³）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="576" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="576" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="590" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="590" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="591" />
        <source>Carbon stock (t C)</source>
        <translation>碳储量（t C）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="624" />
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="624" />
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../gui/panels.py" line="50" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="50" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="52" />
        <source>Choose the identify tool and click the map.</source>
        <translation>选择“识别”工具后单击地图。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="64" />
        <source>Nothing here.</source>
        <translation>此处没有要素。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="89" />
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../gui/layers_panel.py" line="304" />
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="305" />
        <location filename="../gui/layers_panel.py" line="383" />
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="306" />
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="307" />
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="308" />
        <location filename="../gui/layers_panel.py" line="381" />
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="309" />
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="310" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="380" />
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../gui/mainwindow.py" line="325" />
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="326" />
        <source>The project “%1” has unsaved changes. Save them?</source>
        <translation>工程“%1”有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="383" />
        <location filename="../gui/mainwindow.py" line="518" />
        <source>Cannot open project</source>
        <translation>无法打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="403" />
        <source>Open project</source>
        <translation>打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="404" />
        <location filename="../gui/mainwindow.py" line="422" />
        <source>Sinkplanner projects (*.toml)</source>
        <translation>Sinkplanner 工程 (*.toml)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="411" />
        <location filename="../gui/mainwindow.py" line="770" />
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="421" />
        <source>Save project as</source>
        <translation>工程另存为</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="435" />
        <location filename="../gui/mainwindow.py" line="438" />
        <source>Cannot save project</source>
        <translation>无法保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="444" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="456" />
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="458" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="482" />
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="506" />
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="507" />
        <source>Sinkplanner did not close normally. Unsaved changes to the project “%1” were autosaved at %2. Recover them?</source>
        <translation>Sinkplanner 上次未正常关闭。工程“%1”的未保存更改已于 %2 自动保存。是否恢复？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="536" />
        <source>Add layers</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="564" />
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="635" />
        <location filename="../gui/mainwindow.py" line="844" />
        <source>Analysis running</source>
        <translation>分析正在运行</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="636" />
        <source>Another analysis is running. Wait for it or cancel it first.</source>
        <translation>另一项分析正在运行。请等待其完成或先取消。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="678" />
        <location filename="../gui/mainwindow.py" line="686" />
        <source>Analysis failed</source>
        <translation>分析失败</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="703" />
        <source>Run carbon accounting</source>
        <translation>运行碳核算</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="706" />
        <source>Carbon accounting</source>
        <translation>碳核算</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="733" />
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="290" />
        <location filename="../gui/mainwindow.py" line="744" />
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="254" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="255" />
        <source>Open &amp;Recent</source>
        <translation>最近的工程(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="256" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="257" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="258" />
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="259" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="260" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="262" />
        <source>&amp;New Project</source>
        <translation>新建工程(&amp;N)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="262" />
        <source>Start an empty project</source>
        <translation>新建一个空工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="263" />
        <source>&amp;Open Project…</source>
        <translation>打开工程(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="263" />
        <source>Open a project file (.toml)</source>
        <translation>打开工程文件（.toml）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="264" />
        <source>&amp;Save Project</source>
        <translation>保存工程(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="264" />
        <source>Save the project</source>
        <translation>保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="265" />
        <source>Save Project &amp;As…</source>
        <translation>工程另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="265" />
        <source>Save the project under a new name</source>
        <translation>以新名称保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="266" />
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="266" />
        <source>Add a raster or vector file to the map</source>
        <translation>向地图添加栅格或矢量文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="267" />
        <source>Map &amp;Report…</source>
        <translation>地图报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="267" />
        <source>Preview and export the project's map report (PDF/PNG)</source>
        <translation>预览并导出本工程的地图报告（PDF/PNG）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="268" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="268" />
        <source>Close Sinkplanner</source>
        <translation>关闭 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="269" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="269" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="270" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="270" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="271" />
        <source>&amp;Full Extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="271" />
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="272" />
        <source>Zoom to &amp;Layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="272" />
        <source>Zoom to the selected layer</source>
        <translation>缩放到所选图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="273" />
        <source>&amp;Pan</source>
        <translation>平移(&amp;P)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="273" />
        <source>Drag the map to move it</source>
        <translation>拖动地图以平移</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="274" />
        <source>&amp;Identify</source>
        <translation>识别(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="274" />
        <source>Click the map to see every layer's value there</source>
        <translation>单击地图查看该处各图层的值</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="275" />
        <source>&amp;Swipe Selected Layer</source>
        <translation>卷帘对比所选图层(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="275" />
        <source>Compare the selected layer with the layers below it by dragging a divider</source>
        <translation>拖动分隔线，将所选图层与其下方图层对比</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="276" />
        <source>Run &amp;Carbon Accounting</source>
        <translation>运行碳核算(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="276" />
        <source>Compute carbon stock and sink for the project</source>
        <translation>计算本工程的碳储量与碳汇</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="277" />
        <source>&amp;Plan…</source>
        <translation>规划(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="277" />
        <source>Project restoration scenarios against the targets</source>
        <translation>按目标预测生态修复情景</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="278" />
        <source>&amp;Cancel Run</source>
        <translation>取消运行(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="278" />
        <source>Stop the running analysis</source>
        <translation>停止正在运行的分析</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="279" />
        <source>&amp;About Sinkplanner</source>
        <translation>关于 Sinkplanner(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="280" />
        <source>&amp;Dashboard</source>
        <translation>仪表板(&amp;D)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="280" />
        <source>Targets, projections and the scenario studio</source>
        <translation>目标、预测与情景工作室</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="286" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="287" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="288" />
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="398" />
        <source>Some layers are unavailable</source>
        <translation>部分图层不可用</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="532" />
        <source>Map files</source>
        <translation>地图文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="532" />
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="597" />
        <source>Map report</source>
        <translation>地图报告</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="777" />
        <source>No CRS</source>
        <translation>无坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="787" />
        <source>Custom CRS</source>
        <translation>自定义坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="823" />
        <source>Cannot draw %1: %2</source>
        <translation>无法绘制 %1：%2</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="827" />
        <source>Drawing…</source>
        <translation>正在绘制…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="845" />
        <source>An analysis is running. Cancel it and quit?</source>
        <translation>有分析正在运行。是否取消并退出？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="279" />
        <location filename="../gui/mainwindow.py" line="835" />
        <source>About Sinkplanner</source>
        <translation>关于 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="803" />
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="836" />
        <source>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;Plan land carbon sinks: carbon stock, annual sink, restoration scenarios, targets and red-line constraints.&lt;/p&gt;&lt;p&gt;Open source (Apache-2.0).&lt;/p&gt;</source>
        <translation>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;陆地碳汇规划：碳储量、年碳汇、生态修复情景、目标与生态保护红线约束。&lt;/p&gt;&lt;p&gt;开源软件（Apache-2.0）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../gui/canvas.py" line="390" />
        <source>No layers. Open a project or drop map files here.</source>
        <translation>没有图层。请打开工程，或将地图文件拖放到此处。</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <location filename="../gui/panels.py" line="123" />
        <source>Cancel the run</source>
        <translation>取消运行</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="124" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="141" />
        <source>%1 finished</source>
        <translation>%1已完成</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="142" />
        <source>%1 failed</source>
        <translation>%1失败</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="143" />
        <source>%1 cancelled</source>
        <translation>%1已取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="150" />
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>StyleDialog</name>
    <message>
        <location filename="../gui/style_dialog.py" line="64" />
        <source>Style: %1</source>
        <translation>样式：%1</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="87" />
        <source>Classes (legend colours)</source>
        <translation>分类（图例颜色）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="88" />
        <source>Continuous (colour ramp)</source>
        <translation>连续（色带）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="90" />
        <source>Render as</source>
        <translation>渲染方式</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="97" />
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="97" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="97" />
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="126" />
        <source>Colour ramp</source>
        <translation>色带</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="127" />
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="128" />
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="139" />
        <source>No fill (outline only)</source>
        <translation>不填充（仅轮廓）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="146" />
        <source>Dashed line</source>
        <translation>虚线</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="148" />
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="150" />
        <source>Outline</source>
        <translation>轮廓</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="151" />
        <source>Line width</source>
        <translation>线宽</translation>
    </message>
</context>
</TS>